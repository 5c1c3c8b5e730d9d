self.__BUILD_MANIFEST={__rewrites:{afterFiles:[],beforeFiles:[],fallback:[]},"/":["static/chunks/pages/index.js"],sortedPages:["/","/_app"]};self.__BUILD_MANIFESTCb&&self.__BUILD_MANIFESTCb();
