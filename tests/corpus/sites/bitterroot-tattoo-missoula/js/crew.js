/* crew.js — builds the crew page from /data/crew.json (edited by the shop manager) */
(function () {
  "use strict";
  var grid = document.getElementById("crew-grid");
  var guestWrap = document.getElementById("guests");
  var guestGrid = document.getElementById("guest-grid");

  function igHandle(v) {
    if (!v) return null;
    v = String(v).trim();
    var m = v.match(/instagram\.com\/([A-Za-z0-9._]+)/);
    if (m) return m[1];
    return v.replace(/^@/, "");
  }

  function card(p, extra) {
    var el = document.createElement("article");
    el.className = "crew-card";
    var h = igHandle(p.instagram);
    el.innerHTML =
      '<img src="' + p.photo + '" alt="" loading="lazy" width="480" height="600">' +
      '<h3 class="crew-name">' + p.name + "</h3>" +
      '<p class="crew-styles">' + (p.styles || []).join(" · ") + "</p>" +
      (extra ? '<p class="crew-dates">' + extra + "</p>" : "") +
      (h ? '<a class="crew-ig" href="https://www.instagram.com/' + h + '/" target="_blank" rel="noopener">@' + h + "</a>" : "");
    return el;
  }

  fetch("/data/crew.json", { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      grid.innerHTML = "";
      data.residents.forEach(function (p) { grid.appendChild(card(p)); });
      grid.removeAttribute("aria-busy");

      var today = new Date().toISOString().slice(0, 10);
      var current = data.guests.filter(function (g) { return g.end >= today; });
      var past = data.guests.filter(function (g) { return g.end < today; });
      var list = current.length ? current : past;
      if (!list.length) return;
      document.getElementById("guests-h").textContent = current.length ? "Guest artists" : "Recent guest spots — thanks for coming!";
      list.forEach(function (g) { guestGrid.appendChild(card(g, g.dates)); });
      guestWrap.hidden = false;
    })
    .catch(function () {
      grid.innerHTML = '<p class="notice">Couldn\u2019t load the crew right now. Try refreshing.</p>';
    });
})();
