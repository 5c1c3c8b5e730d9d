!function(){"use strict";var e=document.querySelector(".gh-burger");e&&e.addEventListener("click",function(){document.body.classList.toggle("gh-head-open")})}();
