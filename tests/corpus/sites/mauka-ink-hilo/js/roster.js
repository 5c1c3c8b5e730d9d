/* Mauka Ink roster — reads /data/artists.json (edited by the front desk) */
(function () {
  function igUrl(v) {
    if (!v) return null;
    v = String(v).trim();
    if (/^https?:\/\//.test(v)) return v;
    return 'https://www.instagram.com/' + v.replace(/^@/, '') + '/';
  }
  function igLabel(v) {
    var m = String(v).replace(/\/+$/, '').match(/([A-Za-z0-9._]+)$/);
    return '@' + (m ? m[1] : v);
  }
  function card(a) {
    var el = document.createElement('article');
    el.className = 'artist-card';
    var html = '';
    if (a.photo) html += '<img src="' + a.photo + '" alt="' + a.name + '" loading="lazy">';
    html += '<h3>' + a.name + '</h3>';
    if (a.role) html += '<p class="role">' + a.role + '</p>';
    if (a.styles && a.styles.length) html += '<p class="styles">' + a.styles.join(' · ') + '</p>';
    if (a.dates) html += '<p class="dates">' + a.dates + '</p>';
    if (a.bio) html += '<p class="bio">' + a.bio + '</p>';
    var ig = igUrl(a.instagram);
    if (ig) html += '<a class="ig" href="' + ig + '" target="_blank" rel="noopener">' + igLabel(a.instagram) + '</a>';
    el.innerHTML = html;
    return el;
  }
  fetch('/data/artists.json', { cache: 'no-store' })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var grid = document.getElementById('artist-grid');
      grid.innerHTML = '';
      data.artists
        .filter(function (a) { return a.show !== false && a.status === 'resident'; })
        .sort(function (x, y) { return (x.order || 99) - (y.order || 99); })
        .forEach(function (a) { grid.appendChild(card(a)); });
      var guests = data.artists.filter(function (a) { return a.show !== false && a.status === 'guest'; });
      if (guests.length) {
        document.getElementById('guest-title').hidden = false;
        var g = document.getElementById('guest-grid');
        guests.forEach(function (a) { g.appendChild(card(a)); });
      }
    })
    .catch(function () {
      document.getElementById('artist-grid').innerHTML = '<p>Couldn\'t load the artist list — call (808) 555-0177.</p>';
    });
})();
