/* Rondine Nera - main.js v2.3 (no jQuery since 2.0) */
(function () {
  'use strict';

  function igHandle(v) {
    if (!v) return '';
    var m = String(v).match(/instagram\.com\/([A-Za-z0-9._]+)/);
    return m ? m[1] : String(v).replace(/^@/, '');
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text != null) n.textContent = text;
    return n;
  }

  function renderCrew() {
    var grid = document.getElementById('crew-grid');
    grid.innerHTML = '';
    (window.CREW || []).forEach(function (a, i) {
      if (!a.attivo) return; // ex membri: non mostrare
      var h = igHandle(a.ig);
      var card = el('div', 'crew-card');
      card.style.opacity = 0;
      var img = el('img'); img.src = a.foto; img.alt = a.nome; card.appendChild(img);
      card.appendChild(el('h3', null, a.nome));
      if (a.soprannome) card.appendChild(el('span', 'nick', '"' + a.soprannome + '"'));
      card.appendChild(el('p', 'stile', a.stile));
      if (h) {
        var l = el('a', 'ig'); l.href = 'https://www.instagram.com/' + h + '/'; l.target = '_blank';
        l.innerHTML = '<i class="fa-brands fa-instagram"></i>';
        card.appendChild(l);
      }
      grid.appendChild(card);
      setTimeout(function () { card.style.transition = 'opacity .4s'; card.style.opacity = 1; }, 120 * i);
    });
  }

  window.addEventListener('load', function () {
    var p = document.getElementById('preloader');
    if (p) { p.style.transition = 'opacity .6s'; p.style.opacity = 0; setTimeout(function () { p.remove(); }, 600); }
    // aspetta la fine del preloader prima di mostrare la crew
    setTimeout(renderCrew, 1800);
  });

  document.querySelector('.burger').addEventListener('click', function () {
    document.querySelector('.menu').classList.toggle('open');
  });
  var bar = document.getElementById('cookie-bar');
  if (!localStorage.getItem('rn_cookie')) bar.style.display = 'block';
  document.getElementById('cookie-ok').addEventListener('click', function () { localStorage.setItem('rn_cookie', '1'); bar.style.display = 'none'; });
})();
