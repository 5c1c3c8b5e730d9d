(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(){}}]);
(function () {
  var data = JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps;
  var today = new Date("2026-12-07T12:00:00");
  function ig(h) {
    if (!h) return "";
    var handle = h.replace(/^https?:\/\/(www\.)?instagram\.com\//, "").replace(/\/$/, "").replace(/^@/, "");
    return '<a class="card__ig" href="https://www.instagram.com/' + handle + '/">@' + handle + '</a>';
  }
  function card(a, extra) {
    return '<article class="card"><img class="card__img" src="' + (a.photo || "/images/team/guest.jpg") + '" alt=""><h3 class="card__name">' + a.name + '</h3>' +
      '<p class="card__role">' + (a.role || "Guest artist") + (extra || "") + '</p><p class="card__bio">' + (a.bio || a.note || "") + '</p>' + ig(a.instagram) +
      (a.tiktok ? '<a class="card__tt" href="https://www.tiktok.com/@' + a.tiktok + '">TikTok</a>' : "") + '</article>';
  }
  var guests = data.guests.filter(function (g) { return new Date(g.to + "T23:59:59") >= today; });
  var s = data.studio;
  var html = '<header class="bar"><a class="bar__logo" href="/">MUSKEG TATTOO CO.</a><nav><a href="#artists">Artists</a><a href="#visit">Visit</a></nav></header>' +
    '<main><section class="hero"><h1>' + s.name + '</h1><p>' + s.blurb + '</p></section>' +
    '<section id="artists"><h2>Artists</h2><div class="grid">' + data.artists.map(function (a) { return card(a); }).join("") + '</div></section>' +
    (guests.length ? '<section id="guests"><h2>Guesting now</h2><div class="grid">' + guests.map(function (g) { return card(g, " · " + g.from + " – " + g.to + " · from " + g.city); }).join("") + '</div></section>' : "") +
    '<section id="visit"><h2>Visit</h2><p>' + s.address + ' · ' + s.phone + ' · ' + s.hours + '</p></section></main>' +
    '<footer><a href="https://www.instagram.com/' + s.socials.instagram + '/">Instagram</a> · <a href="https://www.instagram.com/' + s.socials.shop + '/">Shop</a></footer>';
  document.getElementById("__next").innerHTML = html;
})();
