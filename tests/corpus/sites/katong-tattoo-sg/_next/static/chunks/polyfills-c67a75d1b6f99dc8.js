!function(){"use strict";}();
