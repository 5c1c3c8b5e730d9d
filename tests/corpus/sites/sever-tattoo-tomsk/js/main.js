document.querySelector('.js-burger').addEventListener('click', function () {
  document.querySelector('.js-mobile-menu').classList.toggle('is-open');
});
document.querySelectorAll('img.lazy').forEach(function (img) { img.src = img.dataset.src; });
var c = document.querySelector('.js-cookie');
if (localStorage.getItem('cookie_ok')) c.remove();
document.querySelector('.js-cookie-ok').addEventListener('click', function () { localStorage.setItem('cookie_ok', 1); c.remove(); });
