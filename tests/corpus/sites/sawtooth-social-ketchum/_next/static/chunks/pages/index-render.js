(function () {
  var data = JSON.parse(document.getElementById('__NEXT_DATA__').textContent).props.pageProps;
  var root = document.getElementById('__next');
  var h = function (tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; };
  root.innerHTML = '';
  var main = h('main', 'max-w-5xl mx-auto px-4');
  main.appendChild(h('h1', 'text-4xl font-bold', data.studio.name));
  main.appendChild(h('p', 'text-stone-500', 'Tattoos in the Wood River Valley. ' + data.studio.city));
  main.appendChild(h('h2', 'text-2xl mt-10', 'The Artists'));
  var grid = h('div', 'grid grid-cols-2 md:grid-cols-4 gap-6');
  data.artists.forEach(function (a) {
    var card = h('article', 'rounded-xl bg-stone-900 p-4');
    card.appendChild(h('h3', 'text-lg', a.name));
    card.appendChild(h('p', 'text-xs uppercase', a.role));
    card.appendChild(h('p', 'text-sm', a.styles.join(' · ')));
    if (a.social.instagram) { var l = h('a', 'underline', '@' + a.social.instagram); l.href = 'https://instagram.com/' + a.social.instagram; card.appendChild(l); }
    grid.appendChild(card);
  });
  main.appendChild(grid);
  var f = h('footer', 'mt-16 text-sm');
  var s = h('a', '', 'Follow the shop @' + data.studio.instagram); s.href = 'https://www.instagram.com/' + data.studio.instagram + '/'; f.appendChild(s);
  main.appendChild(f);
  root.appendChild(main);
})();
