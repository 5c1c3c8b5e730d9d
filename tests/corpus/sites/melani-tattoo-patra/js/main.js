$(function(){if(document.cookie.indexOf("cb=1")>-1){$("#cookie-bar").hide()}});
