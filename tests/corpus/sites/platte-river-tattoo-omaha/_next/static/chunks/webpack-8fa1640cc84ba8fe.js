!function(){"use strict";var c={},f={};function r(e){var t=c[e];if(void 0!==t)return t.exports;var n=c[e]={exports:{}};return f[e].call(n.exports,n,n.exports,r),n.exports}r.m=f;
function p(e){var t=e[0],n=e[1],o=e[2];for(var k in n)Object.prototype.hasOwnProperty.call(n,k)&&(f[k]=n[k]);o&&o(r)}
var l=self.webpackChunk_N_E=self.webpackChunk_N_E||[];l.forEach(p);var s=l.push.bind(l);l.push=function(e){s(e);p(e)}}();
