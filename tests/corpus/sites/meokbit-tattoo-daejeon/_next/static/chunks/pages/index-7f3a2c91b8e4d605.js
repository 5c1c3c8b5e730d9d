(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(){}}]);
/* page: / — rendered client-side from __NEXT_DATA__ (static export, next build && next export) */
(function () {
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"]/g, function (c) { return ({"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;"})[c]; }); }
  function handle(v) { if (!v) return null; return String(v).replace(/^https?:\/\/(www\.)?instagram\.com\//, "").replace(/^@/, "").replace(/\/.*$/, ""); }
  function igA(v) { var h = handle(v); return h ? '<a class="Card_ig__k2m1" href="https://www.instagram.com/' + esc(h) + '/" target="_blank" rel="noreferrer">@' + esc(h) + '</a>' : ""; }
  function render() {
    var el = document.getElementById("__NEXT_DATA__");
    if (!el) return;
    var p = JSON.parse(el.textContent).props.pageProps, s = p.studio;
    var h = '';
    h += '<header class="Header_header__q8d1"><a href="/" class="Header_logo__b2c3">' + esc(s.nameEn) + '</a>' +
         '<nav class="Header_nav__z9y8"><a href="#artists">아티스트</a><a href="#guest">게스트</a><a href="#faq">FAQ</a><a href="' + esc(s.kakao) + '">카카오톡 예약</a></nav></header>';
    h += '<main class="Home_main__n1m2"><section class="Hero_hero__p0o9"><h1>' + esc(s.name) + '</h1><p>' + esc(s.notice) + '</p></section>';
    h += '<section id="artists" class="Artists_section__r5t6"><h2>아티스트</h2><ul class="Artists_grid__u7i8">';
    p.artists.filter(function (a) { return !a.staff; }).forEach(function (a) {
      h += '<li class="Card_card__w3e4"><img src="' + esc(a.img) + '" alt="' + esc(a.name) + '"/><h3>' + esc(a.name) + ' <small>' + esc(a.nameEn) + '</small></h3>' +
           '<p class="Card_role__s5d6">' + esc(a.role) + '</p><p class="Card_genre__f7g8">' + esc(a.genre.join(" · ")) + '</p>' +
           (a.memo ? '<p class="Card_memo__h9j0">' + esc(a.memo) + '</p>' : '') + igA(a.instagram) + '</li>';
    });
    h += '</ul>';
    var staff = p.artists.filter(function (a) { return a.staff; });
    if (staff.length) {
      h += '<div class="Artists_staff__l1k2"><h3>스태프</h3>';
      staff.forEach(function (a) { h += '<p>' + esc(a.name) + ' ' + esc(a.role) + ' — ' + esc(a.memo) + ' ' + igA(a.instagram) + '</p>'; });
      h += '</div>';
    }
    h += '</section>';
    h += '<section id="guest" class="Guest_section__m3n4"><h2>게스트 아티스트</h2>';
    var now = p.guests.filter(function (g) { return g.status === "now"; });
    var ended = p.guests.filter(function (g) { return g.status === "ended"; });
    now.forEach(function (g) { h += '<div class="Guest_now__b5v6"><span class="Guest_badge__c7x8">지금 작업 중</span><h3>' + esc(g.name) + ' (' + esc(g.from) + ')</h3><p>' + esc(g.period) + '</p>' + igA(g.instagram) + '</div>'; });
    if (ended.length) {
      h += '<h3 class="Guest_pastTitle__z9a0">지난 게스트</h3><ul class="Guest_past__q1w2">';
      ended.forEach(function (g) { h += '<li>' + esc(g.name) + ' (' + esc(g.from) + ', ' + esc(g.period) + ') — 와주셔서 감사합니다! ' + igA(g.instagram) + '</li>'; });
      h += '</ul>';
    }
    h += '</section>';
    h += '<section id="faq" class="Faq_section__e3r4"><h2>FAQ</h2>';
    p.faq.forEach(function (f) { h += '<details><summary>' + esc(f.q) + '</summary><p>' + esc(f.a) + '</p></details>'; });
    h += '</section></main>';
    h += '<footer class="Footer_footer__t5y6"><p>' + esc(s.address) + ' · ' + esc(s.hours) + '</p><p>' + esc(p.supply) + '</p><a href="' + esc(s.instagram) + '" aria-label="Instagram">Instagram</a></footer>';
    document.getElementById("__next").innerHTML = h;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render); else render();
})();
