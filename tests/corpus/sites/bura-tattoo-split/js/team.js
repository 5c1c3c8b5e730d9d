// Crta ekipu nakon kratke animacije učitavanja (fade-in).
(function () {
  function draw() {
    var grid = document.getElementById('teamGrid');
    var loading = document.getElementById('teamLoading');
    if (loading) loading.remove();
    (window.BURA_TEAM || []).forEach(function (o) {
      var col = document.createElement('div');
      col.className = 'col-sm-6 col-lg-3';
      var ig = o.ig ? '<a class="card-link" href="https://instagram.com/' + o.ig + '" target="_blank" rel="noopener">@' + o.ig + '</a>' : '';
      col.innerHTML = '<div class="card h-100"><div class="card-body"><h3 class="h5 card-title">' + o.ime +
        '</h3><p class="card-text small">' + o.uloga + '</p>' + ig + '</div></div>';
      grid.appendChild(col);
    });
  }
  window.addEventListener('load', function () { setTimeout(draw, 1300); });
})();
