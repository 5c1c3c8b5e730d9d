(function(){var b=document.getElementById("menu-toggle");if(!b)return;b.addEventListener("click",function(){document.body.classList.toggle("menu-open");});})();
