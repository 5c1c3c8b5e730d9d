/*! jQuery v1.11.0 | (c) 2005, 2014 jQuery Foundation, Inc. | jquery.org/license */
!function(a,b){"object"==typeof module&&"object"==typeof module.exports?module.exports=a.document?b(a,!0):function(a){return b(a)}:b(a)}("undefined"!=typeof window?window:this,function(a,b){return a.jQuery=a.$=function(){return{}}});
