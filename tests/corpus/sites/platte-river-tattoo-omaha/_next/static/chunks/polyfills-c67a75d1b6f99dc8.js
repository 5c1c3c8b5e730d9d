!function(){};
