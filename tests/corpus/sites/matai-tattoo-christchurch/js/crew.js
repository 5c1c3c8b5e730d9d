// crew + guests, edited by hand in /data/crew.json (Ana, please don't delete the "active" flags!)
(function () {
  function el(tag, cls, html) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (html !== undefined) e.innerHTML = html;
    return e;
  }
  function igLink(h) {
    return h ? '<a class="ig" href="https://www.instagram.com/' + h + '/" target="_blank" rel="noopener">@' + h + '</a>' : '';
  }
  var today = new Date();
  today.setHours(0, 0, 0, 0);

  fetch('/data/crew.json')
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var grid = document.getElementById('crew-grid');
      data.crew.forEach(function (p) {
        if (!p.active) return;              // left the shop, keep for the archive
        var card = el('article', 'card');
        card.appendChild(el('img')).src = p.photo;
        card.appendChild(el('h3', null, p.name));
        card.appendChild(el('p', 'styles', p.styles));
        card.appendChild(el('p', 'handle', p.instagram ? igLink(p.instagram) : (p.note || '')));
        grid.appendChild(card);
      });
      var list = document.getElementById('guest-list');
      var shown = 0;
      data.guests.forEach(function (g) {
        var end = new Date(g.to + 'T23:59:59');
        if (end < today) return;            // spot is over
        var li = el('li', null, '<strong>' + g.name + '</strong> (' + g.from_city + ') — ' +
          g.label + ' ' + igLink(g.instagram));
        list.appendChild(li);
        shown++;
      });
      if (!shown) list.appendChild(el('li', null, 'No guests booked right now — check back soon.'));
    })
    .catch(function () {
      document.getElementById('crew-grid').textContent = 'Could not load the crew. Try refreshing.';
    });
})();
