// menu burger + lazy images
(function () {
  var burger = document.querySelector('.burger');
  var nav = document.querySelector('.main-nav');
  burger.addEventListener('click', function () {
    var open = nav.classList.toggle('open');
    burger.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
  var io = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) { e.target.src = e.target.dataset.src; io.unobserve(e.target); }
    });
  });
  document.querySelectorAll('img.lazy').forEach(function (img) { io.observe(img); });
})();
