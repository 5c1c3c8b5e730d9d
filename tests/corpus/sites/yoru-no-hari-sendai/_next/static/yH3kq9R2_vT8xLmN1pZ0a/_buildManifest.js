self.__BUILD_MANIFEST={"/":["static/chunks/pages/index-7e1f9a2c4b.js"],sortedPages:["/","/_app","/_error"]};self.__BUILD_MANIFEST_CB&&self.__BUILD_MANIFEST_CB();
