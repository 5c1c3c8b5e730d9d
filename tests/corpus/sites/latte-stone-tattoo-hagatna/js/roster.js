(function () {
  var el = document.getElementById('roster');
  function handleOf(v) {
    if (!v) return null;
    v = String(v).trim();
    var m = v.match(/instagram\.com\/([^\/?#]+)/i);
    if (m) return m[1];
    return v.replace(/^@/, '');
  }
  function card(a) {
    var h = handleOf(a.instagram);
    var div = document.createElement('article');
    div.className = 'artist';
    div.innerHTML =
      '<img src="' + a.photo + '" alt="' + a.name + '">' +
      '<h3>' + a.name + '</h3>' +
      '<p class="title">' + a.title + '</p>' +
      '<p class="styles">' + a.styles.join(' · ') + '</p>' +
      (h ? '<a class="ig" href="https://www.instagram.com/' + h + '/">@' + h + '</a>' : '');
    return div;
  }
  fetch('/data/artists.json', {cache: 'no-store'})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      el.innerHTML = '';
      var tattooers = data.artists.filter(function (a) { return a.active && a.role !== 'piercing'; });
      var piercers = data.artists.filter(function (a) { return a.active && a.role === 'piercing'; });
      tattooers.forEach(function (a) { el.appendChild(card(a)); });
      if (piercers.length) {
        var h = document.createElement('h3');
        h.textContent = 'Piercing';
        el.appendChild(h);
        piercers.forEach(function (a) { el.appendChild(card(a)); });
      }
    })
    .catch(function () {
      el.innerHTML = '<p>Couldn\u2019t load the artists right now. Find us on Instagram @lattestonetattoo.</p>';
    });
})();
