(function () {
  var root = document.getElementById('lt-artists');
  fetch('/data/artists.json?v=7', { credentials: 'same-origin' })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var list = data.artists.filter(function (a) { return a.status !== 'alumni'; });
      root.innerHTML = '';
      list.forEach(function (a) {
        var card = document.createElement('div');
        card.className = 'grid__item lt-card';
        var ig = a.instagram ? '<a class="lt-card__ig" href="https://www.instagram.com/' + a.instagram + '/" target="_blank" rel="noopener">@' + a.instagram + '</a>' : '';
        card.innerHTML = '<img class="lt-card__img" src="' + a.photo + '" alt="' + a.name + '">' +
          '<h3 class="lt-card__name">' + a.name + '</h3>' +
          '<p class="lt-card__style">' + a.styles.join(' · ') + '</p>' + ig +
          (a.note ? '<p class="lt-card__note">' + a.note + '</p>' : '');
        root.appendChild(card);
      });
    })
    .catch(function () { root.innerHTML = '<p>Couldn\u2019t load artists. Check our Instagram instead.</p>'; });
})();
