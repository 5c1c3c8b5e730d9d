(function () {
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function card(a) {
    var c = el('article', 'artist-card');
    var img = el('img');
    img.src = a.photo; img.alt = a.name; img.loading = 'lazy';
    c.appendChild(img);
    c.appendChild(el('h3', null, a.name));
    c.appendChild(el('p', 'styles', a.styles.join(' · ')));
    if (a.note) c.appendChild(el('p', 'note', a.note));
    if (a.ig) {
      var l = el('a', 'ig', '@' + a.ig);
      l.href = 'https://www.instagram.com/' + a.ig + '/';
      l.target = '_blank';
      c.appendChild(l);
    }
    return c;
  }
  document.addEventListener('DOMContentLoaded', function () {
    fetch('/data/artists.json', {cache: 'no-store'})
      .then(function (r) { return r.json(); })
      .then(function (d) {
        var box = document.getElementById('roster');
        box.innerHTML = '';
        d.artists.filter(function (a) { return a.active; })
          .forEach(function (a) { box.appendChild(card(a)); });
      })
      .catch(function () {
        document.getElementById('roster').innerHTML = '<p>Could not load the crew. Try refreshing.</p>';
      });
  });
})();
