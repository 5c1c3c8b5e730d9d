(function () {
  var btn = document.getElementById('loadMore');
  var list = document.getElementById('artistList');
  function card(a) {
    var d = document.createElement('div');
    d.setAttribute('role', 'listitem');
    d.className = 'artist-card w-dyn-item';
    var h = document.createElement('h3'); h.className = 'artist-name'; h.textContent = a.name; d.appendChild(h);
    var s = document.createElement('div'); s.className = 'artist-style'; s.textContent = a.style; d.appendChild(s);
    if (a.instagram) {
      var l = document.createElement('a'); l.className = 'artist-ig w-inline-block';
      l.href = 'https://www.instagram.com/' + a.instagram + '/'; l.target = '_blank';
      l.textContent = '@' + a.instagram; d.appendChild(l);
    } else if (a.note) {
      var n = document.createElement('div'); n.className = 'artist-note'; n.textContent = a.note; d.appendChild(n);
    }
    return d;
  }
  btn.addEventListener('click', function () {
    var url = btn.getAttribute('data-next');
    if (!url) return;
    btn.disabled = true; btn.textContent = 'Loading…';
    fetch(url).then(function (r) { return r.json(); }).then(function (page) {
      page.items.forEach(function (a) { list.appendChild(card(a)); });
      if (page.next) { btn.setAttribute('data-next', page.next); btn.disabled = false; btn.textContent = 'Load more'; }
      else { btn.parentNode.removeChild(btn); }
    });
  });
})();
