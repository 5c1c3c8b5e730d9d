(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{},function(){
  "use strict";
  function h(tag, attrs, kids) {
    var n = document.createElement(tag);
    if (attrs) for (var k in attrs) { if (k === "text") n.textContent = attrs[k]; else n.setAttribute(k, attrs[k]); }
    (kids || []).forEach(function (c) { if (c) n.appendChild(c); });
    return n;
  }
  function ig(handle) {
    return h("a", { href: "https://www.instagram.com/" + handle + "/", target: "_blank", rel: "noopener", class: "sns", text: "Instagram @" + handle });
  }
  function render() {
    var data = JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps;
    var root = document.getElementById("__next");
    root.innerHTML = "";
    var header = h("header", { class: "hdr" }, [
      h("a", { href: "/", class: "logo", text: data.site.name }),
      h("nav", null, [h("a", { href: "#about", text: "スタジオ" }), h("a", { href: "#artist", text: "彫師" }), h("a", { href: "#guest", text: "ゲスト" }), h("a", { href: "#faq", text: "よくある質問" })])
    ]);
    var about = h("section", { id: "about" }, [h("h1", { text: data.site.name + "（" + data.site.nameEn + "）" }), h("p", { text: data.about })]);
    var artist = h("section", { id: "artist" }, [h("h2", { text: "彫師" })].concat(data.artists.map(function (a) {
      return h("article", { class: "artist" }, [
        h("h3", { text: a.name }), h("p", { class: "reading", text: a.reading }),
        h("p", { class: "role", text: a.role + "／" + a.styles.join("・") }),
        h("p", { text: a.bio }),
        a.sns && a.sns.instagram ? ig(a.sns.instagram) : null,
        a.sns && a.sns.x ? h("a", { href: "https://x.com/" + a.sns.x, class: "sns", text: "X" }) : null
      ]);
    })));
    var up = data.guests.filter(function (g) { return g.status !== "past"; });
    var past = data.guests.filter(function (g) { return g.status === "past"; });
    function guestCard(g) {
      return h("article", { class: "guest" }, [h("h4", { text: g.name + "（" + g.from + "）" }), h("p", { text: g.period }), h("p", { text: g.note }), g.instagram ? ig(g.instagram) : null]);
    }
    var guest = h("section", { id: "guest" }, [h("h2", { text: "ゲストアーティスト" }), h("h3", { text: "今後の予定" })]
      .concat(up.map(guestCard)).concat([h("h3", { text: "過去のゲスト" })]).concat(past.map(guestCard)));
    var news = h("section", { id: "news" }, [h("h2", { text: "お知らせ" })].concat(data.news.map(function (n) {
      return h("div", { class: "news" }, [h("time", { text: n.date }), h("h4", { text: n.title }), h("p", { text: n.body })]);
    })));
    var faq = h("section", { id: "faq" }, [h("h2", { text: "よくある質問" })].concat(data.faq.map(function (f) {
      return h("details", null, [h("summary", { text: f.q }), h("p", { text: f.a })]);
    })));
    var footer = h("footer", null, [h("p", { text: data.site.address + "　" + data.site.hours }), ig(data.site.instagram), h("p", { text: "LINE " + data.site.line })]);
    [header, about, artist, guest, news, faq, footer].forEach(function (s) { root.appendChild(s); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render); else render();
}]);
