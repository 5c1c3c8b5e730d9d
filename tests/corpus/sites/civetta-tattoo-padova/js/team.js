// team.js — disegna il team da /data/artisti.json
document.addEventListener('DOMContentLoaded', function () {
  var box = document.getElementById('team');
  var tpl = document.getElementById('tpl-artista');
  fetch(box.dataset.src)
    .then(function (r) { return r.json(); })
    .then(function (lista) {
      box.innerHTML = '';
      lista
        .filter(function (p) { return p.attivo; })
        .sort(function (a, b) { return a.ordine - b.ordine; })
        .forEach(function (p) {
          var n = tpl.content.cloneNode(true);
          n.querySelector('.card__img').src = '/img/team/' + p.foto;
          n.querySelector('.card__nome').textContent = p.nome;
          n.querySelector('.card__ruolo').textContent = p.ruolo;
          n.querySelector('.card__stile').textContent = p.stile || '';
          var a = n.querySelector('.card__ig');
          if (p.instagram) {
            a.href = 'https://www.instagram.com/' + p.instagram + '/';
            a.textContent = '@' + p.instagram;
          } else {
            a.remove();
          }
          box.appendChild(n);
        });
    })
    .catch(function () {
      box.innerHTML = '<p>Impossibile caricare il team. Riprova più tardi.</p>';
    });
});
