// Lista e ekipit – e shtuar me kod të personalizuar sepse builder-i nuk ka "team block"
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('ekipi-lista');
  if (!el) return;
  fetch('/data/artistet.json', { cache: 'no-store' })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      el.innerHTML = data.artistet.map(function (a) {
        var ig = a.instagram
          ? '<a class="ekipi-ig" href="https://www.instagram.com/' + a.instagram + '/" target="_blank" rel="noopener">@' + a.instagram + '</a>'
          : '';
        return '<article class="ekipi-karta">' +
          '<img src="' + a.foto + '" alt="' + a.emri + '" loading="lazy">' +
          '<h3>' + a.emri + '</h3>' +
          '<p class="ekipi-stili">' + a.stili + '</p>' + ig +
          '</article>';
      }).join('');
      el.removeAttribute('aria-busy');
    })
    .catch(function () { el.innerHTML = '<p>Lista nuk u ngarkua. Na shkruani në Instagram.</p>'; });
});
