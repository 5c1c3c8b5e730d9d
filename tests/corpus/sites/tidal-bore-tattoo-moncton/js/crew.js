(function () {
  var grid = document.getElementById('crew-grid');
  fetch('/data/crew.json').then(function (r) { return r.json(); }).then(function (data) {
    grid.innerHTML = '';
    data.crew.filter(function (p) { return p.active; }).forEach(function (p) {
      var card = document.createElement('article');
      card.className = 'card';
      var h = document.createElement('h3'); h.textContent = p.name; card.appendChild(h);
      var s = document.createElement('p'); s.textContent = p.styles; card.appendChild(s);
      if (p.ig) {
        var a = document.createElement('a');
        a.href = 'https://www.instagram.com/' + p.ig + '/';
        a.textContent = '@' + p.ig; card.appendChild(a);
      }
      grid.appendChild(card);
    });
  });
})();
