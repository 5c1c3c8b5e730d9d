!function(){"use strict";var e={},t={};self.__webpack_require__=function(n){return t[n]||e[n]};}();
