/* Jacaranda crew grid. Edit data/crew.json, not this file. */
(function () {
  'use strict';
  var grid = document.getElementById('crew');
  if (!grid) return;

  function handleOf(ig) {
    if (!ig) return null;
    ig = String(ig).trim();
    var m = ig.match(/instagram\.com\/([A-Za-z0-9._]+)/);
    if (m) return m[1];
    return ig.replace(/^@/, '');
  }

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    });
  }

  function card(a) {
    var h = handleOf(a.instagram);
    var html = '<article class="crew-card">' +
      '<img class="crew-photo" loading="lazy" src="/img/crew/' + esc(a.photo) + '" alt="">' +
      '<h3 class="crew-name">' + esc(a.name) + '</h3>' +
      '<p class="crew-style">' + esc(a.styles.join(' · ')) + '</p>';
    if (a.note) html += '<p class="crew-note">' + esc(a.note) + '</p>';
    if (h) {
      html += '<a class="crew-ig" href="https://www.instagram.com/' + esc(h) + '/" target="_blank" rel="noopener">@' + esc(h) + '</a>';
    }
    return html + '</article>';
  }

  fetch('/data/crew.json', { headers: { 'Accept': 'application/json' } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      var people = data.crew.filter(function (p) {
        return p.active && p.role === 'tattoo';
      });
      people.sort(function (a, b) { return a.order - b.order; });
      grid.innerHTML = people.map(card).join('');
      grid.setAttribute('aria-busy', 'false');
    })
    .catch(function () {
      grid.innerHTML = '<p class="notice">Couldn\'t load the crew right now — try again in a moment.</p>';
    });
})();
