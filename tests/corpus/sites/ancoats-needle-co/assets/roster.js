(function () {
  function igUrl(v) {
    if (!v) return null;
    v = String(v).trim();
    if (/^https?:/.test(v)) return v;
    return 'https://www.instagram.com/' + v.replace(/^@/, '') + '/';
  }
  function igLabel(v) {
    var m = String(v).match(/instagram\.com\/([^/?#]+)/);
    return '@' + (m ? m[1] : String(v).replace(/^@/, ''));
  }
  function card(p) {
    var el = document.createElement('article');
    el.className = 'artist';
    var html = '<img loading="lazy" src="' + (p.photo || '/assets/blank.jpg') + '" alt="">' +
      '<h3>' + p.name + '</h3><p class="styles">' + (p.styles || []).join(' · ') + '</p>';
    if (p.instagram) {
      html += '<a class="ig" href="' + igUrl(p.instagram) + '" target="_blank" rel="noopener">' + igLabel(p.instagram) + '</a>';
    }
    if (p.note) html += '<p class="note">' + p.note + '</p>';
    el.innerHTML = html;
    return el;
  }
  fetch('/data/artists.json', {headers: {'Accept': 'application/json'}})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var roster = document.getElementById('roster');
      var piercing = document.getElementById('piercing');
      roster.innerHTML = '';
      data.people.forEach(function (p) {
        if (p.status !== 'active') return;
        if (p.role === 'piercer') piercing.appendChild(card(p));
        else roster.appendChild(card(p));
      });
    })
    .catch(function () {
      document.getElementById('roster').innerHTML = '<p>Couldn\'t load the crew right now — try refreshing.</p>';
    });
})();
