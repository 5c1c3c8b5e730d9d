// builds the artist cards from /data/artists.json (edit that file, not this one)
(function () {
  var box = document.getElementById('artists');
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }
  fetch('/data/artists.json', {cache: 'no-store'})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var html = '';
      data.people
        .filter(function (p) { return p.show; })
        .sort(function (a, b) { return a.order - b.order; })
        .forEach(function (p) {
          var ig = p.ig ? '<a class="btn btn-sm btn-outline-dark" href="https://www.instagram.com/' + esc(p.ig) + '/" target="_blank" rel="noopener">Instagram</a>' : '<span class="text-muted small">' + esc(p.note || '') + '</span>';
          html += '<div class="col-sm-6 col-lg-4"><div class="card artist-card h-100">' +
            '<img class="card-img-top" src="/img/' + esc(p.photo) + '" alt="' + esc(p.name) + '">' +
            '<div class="card-body"><h3 class="h5 card-title">' + esc(p.name) + '</h3>' +
            '<p class="card-subtitle text-muted mb-2">' + esc(p.role) + '</p>' +
            '<p class="card-text">' + esc(p.bio) + '</p>' + ig + '</div></div></div>';
        });
      box.innerHTML = html;
    })
    .catch(function () {
      box.innerHTML = '<div class="col-12">Couldn\u2019t load the artists right now \u2013 try refreshing.</div>';
    });
})();
