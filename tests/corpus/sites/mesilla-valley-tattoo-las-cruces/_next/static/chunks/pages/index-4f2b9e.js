/* hydrated team grid (simplified build output of pages/index.tsx) */
(self.webpackChunk_N_E = self.webpackChunk_N_E || []).push([[405], {}]);
(function () {
  function render() {
    var data = JSON.parse(document.getElementById('__NEXT_DATA__').textContent).props.pageProps;
    var grid = document.querySelector('#team .grid');
    if (!grid) return;
    grid.innerHTML = '';
    data.team.filter(function (m) { return m.visible; }).forEach(function (m) {
      var card = document.createElement('article');
      card.className = 'rounded bg-white p-4 shadow';
      var h = document.createElement('h3'); h.className = 'font-bold'; h.textContent = m.fullName; card.appendChild(h);
      var r = document.createElement('p'); r.className = 'text-xs uppercase'; r.textContent = m.role; card.appendChild(r);
      var b = document.createElement('p'); b.className = 'text-sm'; b.textContent = m.bio; card.appendChild(b);
      if (m.socials && m.socials.instagram) {
        var a = document.createElement('a');
        a.href = 'https://www.instagram.com/' + m.socials.instagram + '/';
        a.textContent = '@' + m.socials.instagram;
        card.appendChild(a);
      }
      grid.appendChild(card);
    });
    var p = document.createElement('p'); p.className = 'mt-8 text-xs';
    p.innerHTML = 'See us at ' + data.partners.map(function (x) { return '<a href="https://www.instagram.com/' + x.instagram + '/">' + x.name + '</a>'; }).join(' · ');
    grid.parentNode.appendChild(p);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render); else render();
})();
