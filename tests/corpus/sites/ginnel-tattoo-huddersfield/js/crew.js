// Draws the crew from /data/artists.json (edit that file, not this one)
(function () {
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function card(a) {
    var c = el('article', 'crew-card');
    var img = el('img');
    img.src = '/img/crew/' + a.photo;
    img.alt = a.name;
    img.loading = 'lazy';
    c.appendChild(img);
    c.appendChild(el('h3', null, a.name));
    c.appendChild(el('p', 'role', a.role));
    c.appendChild(el('p', 'styles', a.styles.join(' · ')));
    if (a.ig) {
      var l = el('a', 'ig', '@' + a.ig);
      l.href = 'https://www.instagram.com/' + a.ig + '/';
      l.rel = 'noopener';
      c.appendChild(l);
    }
    return c;
  }
  fetch('/data/artists.json', { cache: 'no-store' })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var grid = document.getElementById('crew-grid');
      grid.innerHTML = '';
      data.crew
        .filter(function (a) { return a.show; })
        .forEach(function (a) { grid.appendChild(card(a)); });
    })
    .catch(function () {
      document.getElementById('crew-grid').innerHTML = '<p>Couldn\'t load the crew. Try again in a bit.</p>';
    });
})();
