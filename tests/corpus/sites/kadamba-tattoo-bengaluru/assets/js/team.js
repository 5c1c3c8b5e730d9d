/* Kadamba team grid — reads data/team.json (edited by the studio manager) */
(function () {
  "use strict";
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function card(a) {
    var ig = a.instagram
      ? '<a class="btn btn-sm btn-outline-dark" href="https://www.instagram.com/' + esc(a.instagram) + '/" target="_blank" rel="noopener">@' + esc(a.instagram) + "</a>"
      : '<span class="text-muted small">Portfolio at the studio</span>';
    return (
      '<div class="col-sm-6 col-lg-3"><div class="card h-100 shadow-sm">' +
      '<img class="card-img-top" loading="lazy" src="/assets/img/team/' + esc(a.slug) + '.jpg" alt="' + esc(a.name) + '">' +
      '<div class="card-body"><h3 class="card-title h5">' + esc(a.name) + "</h3>" +
      '<p class="card-subtitle text-muted small mb-2">' + esc(a.role) + "</p>" +
      '<p class="card-text small">' + esc(a.styles.join(" · ")) + "</p>" + ig +
      "</div></div></div>"
    );
  }
  fetch("/data/team.json", { cache: "no-store" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var grid = document.getElementById("team-grid");
      var html = "";
      data.people.forEach(function (p) {
        if (p.show === false) return;
        if (p.department === "tattoo") html += card(p);
      });
      grid.innerHTML = html;
      var pier = data.people.filter(function (p) { return p.department === "piercing" && p.show !== false; })[0];
      if (pier) {
        document.getElementById("piercer-slot").innerHTML =
          "<p>" + esc(pier.name) + " handles all piercings (walk-ins Sat &amp; Sun). " +
          (pier.instagram ? '<a href="https://www.instagram.com/' + esc(pier.instagram) + '/">@' + esc(pier.instagram) + "</a>" : "") + "</p>";
      }
    })
    .catch(function () {
      document.getElementById("team-loading").textContent = "Couldn't load the team right now — message us on WhatsApp.";
    });
})();
