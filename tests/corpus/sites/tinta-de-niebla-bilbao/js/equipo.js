(function () {
  "use strict";
  var grid = document.getElementById("equipo-grid");
  var select = document.getElementById("select-artista");
  function igUrl(v) {
    if (!v) return null;
    if (/^https?:\/\//.test(v)) return v;
    return "https://www.instagram.com/" + v.replace(/^@/, "") + "/";
  }
  function igLabel(v) {
    var u = igUrl(v);
    return "@" + u.replace(/\/+$/, "").split("/").pop();
  }
  function card(a) {
    var el = document.createElement("article");
    el.className = "artista";
    var html = '<img loading="lazy" src="' + a.foto + '" alt="' + a.nombre + '">' +
      "<h3>" + a.nombre + "</h3>" +
      '<p class="estilo">' + a.estilos.join(" · ") + "</p>";
    if (a.instagram) {
      html += '<a class="ig" href="' + igUrl(a.instagram) + '" target="_blank" rel="noopener">' + igLabel(a.instagram) + "</a>";
    } else {
      html += '<p class="ig ig-none">Reservas a través del estudio</p>';
    }
    if (a.agenda === "cerrada") html += '<span class="badge">Agenda cerrada</span>';
    el.innerHTML = html;
    return el;
  }
  fetch(grid.getAttribute("data-endpoint"), { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      grid.innerHTML = "";
      data.equipo
        .filter(function (a) { return a.activo; })
        .sort(function (a, b) { return a.orden - b.orden; })
        .forEach(function (a) {
          grid.appendChild(card(a));
          var o = document.createElement("option");
          o.value = a.slug; o.textContent = a.nombre;
          select.appendChild(o);
        });
    })
    .catch(function () {
      grid.innerHTML = '<p class="error">No hemos podido cargar el equipo. Prueba a recargar la página.</p>';
    });
  var bar = document.getElementById("cookie-bar");
  if (!localStorage.getItem("tdn-consent")) bar.hidden = false;
  bar.addEventListener("click", function (e) {
    var v = e.target.getAttribute("data-consent");
    if (!v) return;
    localStorage.setItem("tdn-consent", v);
    if (v === "yes") gtag("consent", "update", { analytics_storage: "granted" });
    bar.hidden = true;
  });
})();
