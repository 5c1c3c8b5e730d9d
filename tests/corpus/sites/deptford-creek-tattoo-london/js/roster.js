(function () {
  "use strict";
  var box = document.getElementById("roster");
  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }
  fetch("/data/artists.json", { headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      box.innerHTML = "";
      data.people
        .filter(function (p) { return p.status === "current" && p.role !== "piercer"; })
        .sort(function (a, b) { return a.order - b.order; })
        .forEach(function (p) {
          var card = el("article", "artist-card");
          var img = el("img");
          img.src = "/img/artists/" + p.slug + ".jpg";
          img.alt = p.display_name;
          img.loading = "lazy";
          card.appendChild(img);
          card.appendChild(el("h3", null, p.display_name));
          card.appendChild(el("p", "styles", p.styles.join(" · ")));
          if (p.note) card.appendChild(el("p", "note", p.note));
          if (p.ig) {
            var a = el("a", "ig", "@" + p.ig);
            a.href = "https://www.instagram.com/" + p.ig + "/";
            a.rel = "noopener";
            card.appendChild(a);
          }
          box.appendChild(card);
        });
    })
    .catch(function () {
      box.innerHTML = "<p>Couldn't load the artists just now — find us on Instagram.</p>";
    });
})();
