!function(){"use strict";var e={};self.__webpack_modules__=e;}();
