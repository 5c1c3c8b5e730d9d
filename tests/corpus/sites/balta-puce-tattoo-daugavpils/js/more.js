(function () {
  var list = document.getElementById('mastersList');
  var btn = document.getElementById('loadMore');
  if (!list || !btn) return;
  function card(m) {
    var li = document.createElement('li');
    li.className = 'master' + (m.tag ? ' master--' + m.tag : '');
    var html = '<img src="' + m.img + '" alt="" loading="lazy" width="400" height="500">' +
      '<h3>' + m.name + '</h3><p class="style">' + m.style + '</p>';
    if (m.note) html += '<p class="note">' + m.note + '</p>';
    if (m.ig) html += '<a class="ig" href="https://www.instagram.com/' + m.ig + '/" target="_blank" rel="noopener">@' + m.ig + '</a>';
    li.innerHTML = html;
    return li;
  }
  btn.addEventListener('click', function () {
    var next = list.getAttribute('data-next');
    if (!next) return;
    btn.disabled = true; btn.textContent = 'Ielādē…';
    fetch(next).then(function (r) { return r.json(); }).then(function (page) {
      page.items.forEach(function (m) { list.appendChild(card(m)); });
      if (page.next) { list.setAttribute('data-next', page.next); btn.disabled = false; btn.textContent = 'Ielādēt vairāk'; }
      else { list.removeAttribute('data-next'); btn.remove(); }
    }).catch(function () { btn.disabled = false; btn.textContent = 'Mēģināt vēlreiz'; });
  });
})();
