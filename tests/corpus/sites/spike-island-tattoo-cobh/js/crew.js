// crew list - edit data/crew.json, not this file
(function () {
  function card(p) {
    var el = document.createElement('article');
    el.className = 'crew-card' + (p.role === 'guest' ? ' crew-card--guest' : '');
    var html = '<img src="/img/crew/' + p.photo + '" alt="' + p.name + '" loading="lazy">' +
      '<h3>' + p.name + '</h3><p class="style">' + p.style + '</p>';
    if (p.role === 'guest') {
      html += '<p class="dates">Guesting ' + p.dates + '</p>';
    }
    if (p.ig) {
      html += '<a class="ig" href="https://www.instagram.com/' + p.ig + '/" target="_blank" rel="noopener">@' + p.ig + '</a>';
    }
    el.innerHTML = html;
    return el;
  }
  document.addEventListener('DOMContentLoaded', function () {
    var box = document.getElementById('crew-list');
    fetch('/data/crew.json', {cache: 'no-cache'})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        box.innerHTML = '';
        data.crew.forEach(function (p) { if (!p.hidden) box.appendChild(card(p)); });
      })
      .catch(function () { box.innerHTML = '<p>Could not load the crew list. Try again later.</p>'; });
  });
})();
