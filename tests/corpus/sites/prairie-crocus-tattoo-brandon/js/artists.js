(function () {
  var grid = document.getElementById('artist-grid');
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]; }); }
  fetch('/data/artists.json', {cache: 'no-cache'})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var html = '';
      data.artists.filter(function (a) { return a.status === 'active'; }).forEach(function (a) {
        html += '<article class="card">' +
          '<img src="' + esc(a.photo) + '" alt="' + esc(a.name) + '">' +
          '<h3>' + esc(a.name) + '</h3>' +
          '<p class="styles">' + esc(a.styles.join(' · ')) + '</p>' +
          (a.ig ? '<a class="ig" href="https://www.instagram.com/' + esc(a.ig) + '/" aria-label="' + esc(a.name) + ' on Instagram"><svg width="20" height="20"><use href="#ig"/></svg></a>' : '') +
          '</article>';
      });
      grid.innerHTML = html;
    })
    .catch(function () { grid.innerHTML = '<p>Could not load the artist list. Call us at (204) 555-0188.</p>'; });
})();
