// スタッフ一覧 (staff.json から描画)
(function () {
  'use strict';
  function rb(kanji, kana) {
    if (!kanji) return '';
    if (!kana) return kanji;
    return '<ruby>' + kanji + '<rp>(</rp><rt>' + kana + '</rt><rp>)</rp></ruby>';
  }
  function render(list) {
    var ul = document.getElementById('staff-list');
    ul.innerHTML = '';
    list.forEach(function (s) {
      var li = document.createElement('li');
      li.className = 'staff-card' + (s.role.indexOf('彫師') === -1 ? ' staff-card--front' : '');
      var name = rb(s.sei, s.sei_kana) + (s.mei ? '&nbsp;' + rb(s.mei, s.mei_kana) : '');
      var html = '<figure class="staff-card__img"><img src="' + s.img + '" alt="" loading="lazy"></figure>' +
        '<div class="staff-card__body">' +
        '<p class="staff-card__role">' + s.role + '</p>' +
        '<h3 class="staff-card__name">' + name + '</h3>';
      if (s.genre) html += '<p class="staff-card__genre">ジャンル：' + s.genre + '</p>';
      if (s.instagram) html += '<p class="staff-card__sns"><a href="https://www.instagram.com/' + s.instagram + '/" target="_blank" rel="noopener">Instagram</a></p>';
      html += '</div>';
      li.innerHTML = html;
      ul.appendChild(li);
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    fetch('/staff/staff.json', { cache: 'no-cache' })
      .then(function (r) { return r.json(); })
      .then(function (d) { render(d.staff); })
      .catch(function () {
        document.getElementById('staff-list').innerHTML = '<li>読み込みに失敗しました。</li>';
      });
  });
})();
