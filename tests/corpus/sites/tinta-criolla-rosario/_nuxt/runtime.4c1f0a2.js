!function(e){var r=window.webpackJsonp=window.webpackJsonp||[];r.push=function(){return Array.prototype.push.apply(r,arguments)}}([]);
