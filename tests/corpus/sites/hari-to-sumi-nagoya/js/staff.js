(function () {
  'use strict';
  var ENDPOINT = '/api/staff.json';
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]; }); }
  function card(a) {
    var ig = a.sns && a.sns.instagram
      ? '<a class="p-staff-card__ig" href="https://www.instagram.com/' + esc(a.sns.instagram) + '/" target="_blank" rel="noopener">Instagram</a>'
      : '';
    return '<article class="p-staff-card">' +
      '<figure class="p-staff-card__img"><img src="' + esc(a.photo) + '" alt="" loading="lazy"></figure>' +
      '<div class="p-staff-card__body">' +
      '<h2 class="p-staff-card__name">' + esc(a.name) + '<span class="p-staff-card__kana">' + esc(a.romaji) + '</span></h2>' +
      '<p class="p-staff-card__genre">' + esc(a.genre) + '</p>' +
      '<p class="p-staff-card__text">' + esc(a.comment) + '</p>' + ig +
      '</div></article>';
  }
  document.addEventListener('DOMContentLoaded', function () {
    var root = document.getElementById('js-staff-list');
    fetch(ENDPOINT, { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        root.innerHTML = data.staff.filter(function (a) { return a.display; }).map(card).join('');
      })
      .catch(function () { root.innerHTML = '<p>読み込みに失敗しました。</p>'; });
  });
})();
