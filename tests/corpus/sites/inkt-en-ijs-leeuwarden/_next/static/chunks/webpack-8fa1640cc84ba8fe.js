!function(){"use strict";var e={},r={};self.__webpack_require__=function(n){return r[n]||e[n]};}();
