(function () {
  var el = document.getElementById('roster');
  fetch('/data/crew.json')
    .then(function (r) { return r.json(); })
    .then(function (data) {
      el.innerHTML = '';
      data.crew.filter(function (p) { return p.active; }).forEach(function (p) {
        var card = document.createElement('article');
        card.className = 'card';
        var h = document.createElement('h3');
        h.textContent = p.name;
        card.appendChild(h);
        var s = document.createElement('p');
        s.textContent = p.style;
        card.appendChild(s);
        if (p.ig) {
          var a = document.createElement('a');
          a.href = 'https://www.instagram.com/' + p.ig + '/';
          a.textContent = '@' + p.ig;
          card.appendChild(a);
        }
        el.appendChild(card);
      });
      el.removeAttribute('aria-busy');
    });
})();
