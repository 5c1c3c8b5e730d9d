// Custom 'Load more' for the Webflow CMS list (added by Coastal Digital, 2025)
(function () {
  var btn = document.getElementById('load-more');
  var list = document.getElementById('artist-list');
  if (!btn || !list) return;
  btn.addEventListener('click', function (ev) {
    ev.preventDefault();
    var next = btn.getAttribute('data-next');
    if (!next) return;
    btn.textContent = 'Loading…';
    fetch(next).then(function (r) { return r.json(); }).then(function (data) {
      data.items.forEach(function (it) {
        var card = document.createElement('div');
        card.setAttribute('role', 'listitem');
        card.className = 'artist-card w-dyn-item';
        var name = document.createElement('div'); name.className = 'artist-name'; name.textContent = it.name;
        var style = document.createElement('div'); style.className = 'artist-style'; style.textContent = it.style;
        card.appendChild(name); card.appendChild(style);
        if (it.instagram) {
          var a = document.createElement('a'); a.href = it.instagram; a.target = '_blank';
          a.className = 'artist-ig w-inline-block'; a.setAttribute('aria-label', it.name + ' on Instagram');
          card.appendChild(a);
        }
        list.appendChild(card);
      });
      if (data.next) { btn.setAttribute('data-next', data.next); btn.textContent = 'Load more'; }
      else { btn.remove(); }
    }).catch(function () { btn.textContent = 'Load more'; });
  });
})();
