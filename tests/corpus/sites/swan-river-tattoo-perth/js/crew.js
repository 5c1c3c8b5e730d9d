(function () {
  var grid = document.getElementById('crew-grid');
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]; }); }
  fetch('/data/artists.json', { cache: 'no-store' })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var today = data.asOf || '2026-12-07';
      var html = data.crew.filter(function (a) {
        if (a.status === 'left') return false;
        if (a.guest && a.guest.until < today) return false;
        return true;
      }).map(function (a) {
        var ig = a.instagram ? '<a class="btn btn-sm btn-outline-dark" href="https://www.instagram.com/' + esc(a.instagram) + '/" target="_blank" rel="noopener">@' + esc(a.instagram) + '</a>' : '<span class="text-muted small">No Instagram</span>';
        var badge = a.guest ? '<span class="badge bg-warning text-dark">Guest ' + esc(a.guest.from) + ' – ' + esc(a.guest.until) + '</span>' : '';
        return '<div class="col-sm-6 col-lg-4"><div class="card h-100"><img class="card-img-top" loading="lazy" src="' + esc(a.photo) + '" alt="">' +
          '<div class="card-body"><h3 class="h5 card-title">' + esc(a.name) + '</h3>' + badge +
          '<p class="card-text">' + esc(a.style) + '</p>' + ig + '</div></div></div>';
      }).join('');
      grid.innerHTML = html;
    })
    .catch(function () {
      grid.innerHTML = '<p class="text-danger">Couldn’t load the crew. Try refreshing.</p>';
    });
})();
