(function () {
  "use strict";
  var el = document.getElementById("roster");
  function igUrl(h) { return "https://www.instagram.com/" + h + "/"; }
  function card(a) {
    var c = document.createElement("article");
    c.className = "artist-card" + (a.guest ? " artist-card--guest" : "");
    var img = document.createElement("img");
    img.src = "/assets/img/" + a.slug + ".webp";
    img.alt = "";
    img.loading = "lazy";
    c.appendChild(img);
    var h = document.createElement("h2");
    h.textContent = a.display_name;
    c.appendChild(h);
    var p = document.createElement("p");
    p.textContent = a.styles.join(" · ") + (a.guest ? " — guest, " + a.guest.from + " to " + a.guest.to : "");
    c.appendChild(p);
    if (a.ig) {
      var l = document.createElement("a");
      l.href = igUrl(a.ig);
      l.className = "ig";
      l.setAttribute("aria-label", a.display_name + " on Instagram");
      l.textContent = "@" + a.ig;
      c.appendChild(l);
    }
    return c;
  }
  fetch("/data/artists.json", { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var today = new Date().toISOString().slice(0, 10);
      el.innerHTML = "";
      data.artists
        .filter(function (a) { return a.active && (!a.guest || a.guest.to >= today); })
        .sort(function (x, y) { return x.order - y.order; })
        .forEach(function (a) { el.appendChild(card(a)); });
    })
    .catch(function () { el.textContent = "Couldn't load the artists — try refreshing."; });
})();
