!function(){"use strict";var e={},t={};self.__webpack_require__=function r(n){var o=t[n];if(void 0!==o)return o.exports;var u=t[n]={exports:{}};return e[n](u,u.exports,r),u.exports}}();
