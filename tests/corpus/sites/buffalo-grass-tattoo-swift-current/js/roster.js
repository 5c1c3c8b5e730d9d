(function () {
  var ok = document.getElementById('cookie-ok');
  if (!localStorage.getItem('bg-cookie')) {
    document.getElementById('cookie-note').hidden = false;
  }
  ok && ok.addEventListener('click', function () {
    localStorage.setItem('bg-cookie', '1');
    document.getElementById('cookie-note').hidden = true;
  });

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }

  fetch('/data/artists.json', {cache: 'no-cache'})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var grid = document.getElementById('artist-grid');
      var html = '';
      data.team.filter(function (a) { return a.active; }).forEach(function (a) {
        html += '<article class="card">' +
          '<img src="' + esc(a.photo) + '" alt="' + esc(a.display_name) + '" loading="lazy">' +
          '<h3>' + esc(a.display_name) + '</h3>' +
          '<p class="styles">' + esc(a.styles.join(' · ')) + '</p>';
        if (a.role) html += '<p class="role">' + esc(a.role) + '</p>';
        if (a.ig) {
          html += '<a class="ig" href="https://www.instagram.com/' + esc(a.ig) + '/" target="_blank" rel="noopener">@' + esc(a.ig) + '</a>';
        }
        html += '</article>';
      });
      grid.innerHTML = html;
    })
    .catch(function () {
      document.getElementById('artist-grid').innerHTML = '<p>Could not load the artist list.</p>';
    });
})();
