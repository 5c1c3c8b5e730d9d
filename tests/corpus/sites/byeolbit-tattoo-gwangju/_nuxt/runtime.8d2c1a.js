!function(){window.webpackJsonp=window.webpackJsonp||[];window.__NUXT_RUNTIME__={v:"2.17.3"}}();
