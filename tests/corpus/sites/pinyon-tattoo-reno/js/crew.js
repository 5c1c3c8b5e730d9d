(function () {
  var grid = document.getElementById('crew-grid');
  function card(p) {
    var el = document.createElement('article');
    el.className = 'crew-card' + (p.status === 'guest' ? ' crew-card--guest' : '');
    var img = p.photo ? '<img loading="lazy" src="' + p.photo + '" alt="' + p.display + '">' : '';
    var tag = p.status === 'guest' ? '<span class="pill">Guest · ' + p.dates + '</span>' : '';
    var ig = p.links && p.links.ig ? '<a class="ig" href="https://instagram.com/' + p.links.ig + '" aria-label="Instagram"><i class="icon-ig"></i></a>' : '';
    el.innerHTML = img + '<h3>' + p.first + ' <span class="last">' + p.last + '</span></h3>' + tag +
      '<p>' + p.blurb + '</p>' + ig;
    return el;
  }
  fetch('/data/crew.json', {headers: {'Accept': 'application/json'}})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      grid.innerHTML = '';
      data.people
        .filter(function (p) { return p.tattoos && (p.status === 'resident' || p.status === 'guest'); })
        .forEach(function (p) { grid.appendChild(card(p)); });
      grid.removeAttribute('aria-busy');
    })
    .catch(function () { grid.innerHTML = '<p>Couldn\'t load the crew. Refresh?</p>'; });
  var c = document.getElementById('consent');
  if (!localStorage.getItem('pinyon-consent')) c.hidden = false;
  c.addEventListener('click', function (e) { if (e.target.dataset.consent) { localStorage.setItem('pinyon-consent', e.target.dataset.consent); c.hidden = true; } });
})();
