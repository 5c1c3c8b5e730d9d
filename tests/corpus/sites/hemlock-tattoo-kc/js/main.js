(function () {
  'use strict';

  var grid = document.getElementById('artist-grid');
  var igBase = 'https://www.instagram.com/';

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  function card(member) {
    var c = el('article', 'artist-card');
    var img = el('img', 'artist-photo');
    img.loading = 'lazy';
    img.src = '/img/crew/' + member.photo;
    img.alt = member.name;
    c.appendChild(img);
    c.appendChild(el('h3', 'artist-name', member.name));
    c.appendChild(el('p', 'artist-role', member.title));
    if (member.styles && member.styles.length) {
      c.appendChild(el('p', 'artist-styles', member.styles.join(' / ')));
    }
    if (member.blurb) c.appendChild(el('p', 'artist-blurb', member.blurb));
    var links = el('div', 'artist-links');
    if (member.socials && member.socials.instagram) {
      var a = el('a', 'ig', '@' + member.socials.instagram);
      a.href = igBase + member.socials.instagram + '/';
      a.target = '_blank';
      a.rel = 'noopener';
      links.appendChild(a);
    }
    if (member.socials && member.socials.tiktok) {
      var t = el('a', 'tt', 'TikTok');
      t.href = 'https://www.tiktok.com/@' + member.socials.tiktok;
      t.target = '_blank';
      links.appendChild(t);
    }
    c.appendChild(links);
    return c;
  }

  fetch('/data/team.json', { headers: { 'Accept': 'application/json' } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      grid.innerHTML = '';
      data.team
        .filter(function (m) { return m.show !== false; })
        .sort(function (a, b) { return a.order - b.order; })
        .forEach(function (m) { grid.appendChild(card(m)); });
    })
    .catch(function () {
      grid.innerHTML = '<p class="notice">Couldn\'t load the crew right now &mdash; check our Instagram.</p>';
    });

  var toast = document.getElementById('cookieToast');
  if (!localStorage.getItem('hemlock_cookie_ok')) toast.hidden = false;
  document.getElementById('cookieOk').addEventListener('click', function () {
    localStorage.setItem('hemlock_cookie_ok', '1');
    toast.hidden = true;
  });
})();
