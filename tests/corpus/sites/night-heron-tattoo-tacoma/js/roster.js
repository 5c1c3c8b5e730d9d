// Renders the artist cards from data/artists.json (edit the JSON, not this file).
document.addEventListener('DOMContentLoaded', function () {
  var grid = document.getElementById('artist-grid');
  fetch('/data/artists.json', { cache: 'no-cache' })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      grid.innerHTML = '';
      data.artists.filter(function (a) { return a.active; }).forEach(function (a) {
        var card = document.createElement('article');
        card.className = 'card';
        var ig = a.instagram ? '<a class="card-ig" href="https://www.instagram.com/' + a.instagram.replace(/^@/, '') + '/" target="_blank" rel="noopener">' + a.instagram + '</a>' : '';
        card.innerHTML =
          '<img loading="lazy" src="' + a.photo + '" alt="' + a.name + '">' +
          '<h3>' + a.name + '</h3>' +
          '<p class="styles">' + a.styles.join(' · ') + '</p>' +
          '<p class="books">' + a.books + '</p>' + ig;
        grid.appendChild(card);
      });
    })
    .catch(function () {
      grid.innerHTML = '<p>Couldn\'t load the artist list. Please DM us on Instagram.</p>';
    });
});
