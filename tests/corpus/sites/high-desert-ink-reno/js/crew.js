document.addEventListener('DOMContentLoaded', function () {
  fetch('/data/artists.json')
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var grid = document.getElementById('crew-grid');
      data.crew.filter(function (p) { return p.active; }).forEach(function (p) {
        var col = document.createElement('div');
        col.className = 'col-sm-6 col-lg-3';
        var ig = p.ig ? '<a class="btn btn-outline-dark btn-sm" href="https://instagram.com/' + p.ig + '">IG: ' + p.ig + '</a>' : '<span class="text-muted small">No Instagram — ask at the desk</span>';
        col.innerHTML = '<div class="card h-100"><img class="card-img-top" src="' + p.photo + '" alt="' + p.name + '"><div class="card-body"><h3 class="h5 card-title">' + p.name + '</h3><p class="card-text">' + p.role + '</p>' + ig + '</div></div>';
        grid.appendChild(col);
      });
    });
});
