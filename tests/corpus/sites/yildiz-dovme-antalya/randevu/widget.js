/* Booksy business widget (self-hosted copy) – v2.18.3 */
(function () {
  'use strict';
  var root = document.querySelector('.booksy-widget');
  if (!root) return;
  var id = root.getAttribute('data-business-id');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function linkify(p, text) {
    // turn @handles in a staffer's description into links
    var re = /@([A-Za-z0-9._]+)/g, last = 0, m;
    while ((m = re.exec(text))) {
      p.appendChild(document.createTextNode(text.slice(last, m.index)));
      var a = el('a', null, '@' + m[1]);
      a.href = 'https://www.instagram.com/' + m[1] + '/';
      a.target = '_blank';
      p.appendChild(a);
      last = m.index + m[0].length;
    }
    p.appendChild(document.createTextNode(text.slice(last)));
  }

  fetch('/randevu/api/business-' + id + '.json')
    .then(function (r) { return r.json(); })
    .then(function (data) {
      root.innerHTML = '';
      var b = data.business;
      root.appendChild(el('h2', 'bw-name', b.name));
      root.appendChild(el('p', 'bw-rating', '★ ' + b.reviews_stars + ' (' + b.reviews_count + ' değerlendirme)'));

      root.appendChild(el('h3', 'bw-h', 'Uzman seçin'));
      var staff = el('div', 'bw-staff');
      var any = el('label', 'bw-staffer bw-any');
      any.appendChild(el('strong', null, 'Fark etmez'));
      any.appendChild(el('span', 'bw-pos', 'İlk uygun uzman'));
      staff.appendChild(any);
      data.staffers.forEach(function (s) {
        if (!s.visible) return;
        var card = el('div', 'bw-staffer');
        card.setAttribute('data-staffer-id', s.id);
        var img = el('img');
        img.src = s.photo_url; img.alt = s.name;
        card.appendChild(img);
        card.appendChild(el('h4', 'bw-staffer-name', s.name));
        card.appendChild(el('div', 'bw-pos', s.position));
        if (s.description) {
          var p = el('p', 'bw-desc');
          linkify(p, s.description);
          card.appendChild(p);
        }
        staff.appendChild(card);
      });
      root.appendChild(staff);

      root.appendChild(el('h3', 'bw-h', 'Hizmetler'));
      var ul = el('ul', 'bw-services');
      data.services.forEach(function (sv) {
        var li = el('li');
        li.appendChild(el('span', null, sv.name + ' · ' + sv.duration + ' dk'));
        li.appendChild(el('span', 'bw-price', sv.price));
        ul.appendChild(li);
      });
      root.appendChild(ul);

      root.appendChild(el('h3', 'bw-h', 'Son değerlendirmeler'));
      data.reviews.forEach(function (rv) {
        var q = el('blockquote', 'bw-review');
        q.appendChild(el('p', null, '“' + rv.body + '”'));
        q.appendChild(el('cite', null, rv.user_name + ' · ' + rv.staffer_name + ' ile'));
        root.appendChild(q);
      });
    })
    .catch(function () {
      root.innerHTML = '<p>Randevu sistemi şu anda yüklenemedi. Lütfen bizi arayın.</p>';
    });
})();
