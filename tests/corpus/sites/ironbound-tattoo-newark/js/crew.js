// crew grid: reads /data/artists.json (edit that file, not this one)
(function () {
  function igLink(ig) {
    if (!ig) return null;
    var handle = ig.replace(/^https?:\/\/(www\.)?instagram\.com\//, '').replace(/^@/, '').replace(/\/.*$/, '');
    return { url: 'https://www.instagram.com/' + handle + '/', label: '@' + handle };
  }
  function card(p) {
    var col = document.createElement('div');
    col.className = 'col-6 col-md-4 col-lg-3';
    var ig = igLink(p.ig);
    col.innerHTML =
      '<div class="card crew-card h-100 border-0">' +
        '<img class="card-img-top" loading="lazy" alt="" src="' + p.img + '">' +
        '<div class="card-body px-0">' +
          '<h3 class="h5 card-title mb-1"></h3>' +
          '<p class="card-text small text-muted mb-2"></p>' +
          (ig ? '<a class="small" target="_blank" rel="noopener"></a>' : '<span class="small text-muted">Ask for Frankie at the counter</span>') +
        '</div>' +
      '</div>';
    col.querySelector('.card-title').textContent = p.name;
    col.querySelector('.card-text').textContent = p.specialty;
    if (ig) { var a = col.querySelector('a'); a.href = ig.url; a.textContent = ig.label; }
    return col;
  }
  fetch('/data/artists.json', { cache: 'no-cache' })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var grid = document.getElementById('crew-grid');
      var pgrid = document.getElementById('piercing-grid');
      data.artists.filter(function (p) { return p.active; }).forEach(function (p) {
        if (p.role === 'piercer') {
          pgrid.appendChild(card(p));
          document.getElementById('piercing-heading').classList.remove('d-none');
        } else {
          grid.appendChild(card(p));
        }
      });
    })
    .catch(function () {
      document.getElementById('crew-grid').innerHTML = '<p>Couldn\u2019t load the crew right now. Call the shop!</p>';
    });
})();
