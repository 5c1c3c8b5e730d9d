(function () {
  "use strict";
  var grid = document.getElementById("crew-grid");
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c];
    });
  }
  function card(p) {
    var ig = p.socials && p.socials.ig
      ? '<a class="ig" href="https://www.instagram.com/' + esc(p.socials.ig) + '/" target="_blank" rel="noopener">@' + esc(p.socials.ig) + '</a>'
      : '<span class="ig none">' + esc(p.note || "") + '</span>';
    return '<article class="card">' +
      '<img src="' + esc(p.photo) + '" alt="' + esc(p.name) + '" loading="lazy">' +
      '<h3>' + esc(p.name) + '</h3>' +
      '<p class="role">' + esc(p.role) + '</p>' +
      '<p class="styles">' + esc((p.styles || []).join(" \u00b7 ")) + '</p>' + ig + '</article>';
  }
  fetch("/data/crew.json", {headers: {"Accept": "application/json"}})
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) {
      var shown = data.crew.filter(function (p) { return p.status === "active"; });
      grid.innerHTML = shown.map(card).join("");
    })
    .catch(function () {
      grid.innerHTML = "<p>Couldn't load the crew right now. Call us!</p>";
    });
})();
