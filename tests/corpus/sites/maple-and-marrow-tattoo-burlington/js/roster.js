(function () {
  "use strict";
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function card(a) {
    var c = el("article", "artist-card");
    var img = el("img");
    img.src = "/img/artists/" + a.slug + ".jpg";
    img.alt = "Portrait of " + a.name;
    img.loading = "lazy";
    c.appendChild(img);
    c.appendChild(el("h3", "artist-name", a.name));
    if (a.pronouns) c.appendChild(el("p", "pronouns", a.pronouns));
    c.appendChild(el("p", "styles", a.styles.join(" · ")));
    if (a.books) c.appendChild(el("p", "books", a.books));
    if (a.ig) {
      var l = el("a", "ig", "@" + a.ig);
      l.href = "https://www.instagram.com/" + a.ig + "/";
      l.rel = "noopener";
      l.target = "_blank";
      c.appendChild(l);
    } else if (a.contact) {
      c.appendChild(el("p", "contact", a.contact));
    }
    return c;
  }
  fetch("/data/artists.json", { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var roster = document.getElementById("roster");
      roster.innerHTML = "";
      data.artists.filter(function (a) { return a.status === "current"; })
        .forEach(function (a) { roster.appendChild(card(a)); });
      var past = data.artists.filter(function (a) { return a.status === "alumni"; });
      if (past.length) {
        document.querySelector(".alumni-title").hidden = false;
        var ul = document.getElementById("alumni");
        past.forEach(function (a) {
          var li = el("li", null, a.name + " (" + a.note + ")");
          ul.appendChild(li);
        });
      }
    })
    .catch(function () {
      document.getElementById("roster").innerHTML = "<p>Couldn't load the artist list. Try refreshing.</p>";
    });
})();
