self.__SSG_MANIFEST=new Set(["\/artists"]);self.__SSG_MANIFEST_CB&&self.__SSG_MANIFEST_CB()
