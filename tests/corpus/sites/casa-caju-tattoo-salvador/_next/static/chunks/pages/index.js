(self.webpackChunk_N_E = self.webpackChunk_N_E || []).push([[405], {
  5301: function () {
    var data = JSON.parse(document.getElementById('__NEXT_DATA__').textContent).props.pageProps;
    var hoje = new Date().toISOString().slice(0, 10);
    function ig(h) { return h ? '<a class="Card_ig__k2" href="https://www.instagram.com/' + h.replace(/^@/, '') + '/" aria-label="Instagram"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7 2h10"/></svg></a>' : ''; }
    var grid = document.querySelector('.Equipe_grid__x7Qp2');
    grid.innerHTML = data.equipe.filter(function (p) { return p.ativo; }).map(function (p) {
      return '<article class="Card_card__b8"><h3>' + p.nome + '</h3><span class="Card_role__z1">' + p.funcao + '</span><p>' + p.estilo + '</p>' + ig(p.instagram) + '</article>';
    }).join('');
    grid.removeAttribute('data-loading');
    var ag = document.querySelector('.Agenda_list__n2Wq8');
    ag.innerHTML = data.convidados.filter(function (g) { return g.fim >= hoje; }).map(function (g) {
      return '<div class="Agenda_item__r3"><strong>' + g.nome + '</strong> (' + g.cidade + ') · ' + g.inicio.split('-').reverse().join('/') + ' a ' + g.fim.split('-').reverse().join('/') + ig(g.instagram) + '</div>';
    }).join('') || '<p>Nenhum convidado no momento.</p>';
    ag.removeAttribute('data-loading');
  }
}, function (n) { n(n.s = 5301); }]);
