/* Desert Rose — artist grid with "load more" (pages of 4) */
(function () {
  var grid = document.getElementById('artist-grid');
  var more = document.getElementById('load-more');
  var page = 1;
  var loading = false;

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"]/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    });
  }

  function card(a) {
    var links = '';
    if (a.instagram) {
      links += '<a class="artist-card__ig" href="https://www.instagram.com/' + esc(a.instagram) + '/" target="_blank" rel="noopener">@' + esc(a.instagram) + '</a>';
    }
    if (a.website) {
      links += '<a class="artist-card__web" href="' + esc(a.website) + '" target="_blank" rel="noopener">Portfolio</a>';
    }
    return '<article class="artist-card">' +
      '<img class="artist-card__img" src="' + esc(a.photo) + '" alt="" loading="lazy">' +
      '<h2 class="artist-card__name">' + esc(a.name) + '</h2>' +
      '<p class="artist-card__styles">' + esc(a.styles.join(' · ')) + '</p>' +
      '<p class="artist-card__book">' + esc(a.booking) + '</p>' +
      '<div class="artist-card__links">' + links + '</div>' +
      '</article>';
  }

  function load() {
    if (loading) return;
    loading = true;
    more.disabled = true;
    fetch('/data/artists-' + page + '.json', { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (page === 1) grid.innerHTML = '';
        grid.insertAdjacentHTML('beforeend', data.artists.map(card).join(''));
        page += 1;
        more.hidden = !data.hasMore;
      })
      .catch(function () {
        grid.innerHTML = '<p>Couldn\'t load artists right now. Call us at (505) 555-0172.</p>';
      })
      .then(function () { loading = false; more.disabled = false; });
  }

  more.addEventListener('click', load);
  load();
})();
