(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(){}}]);
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("__NEXT_DATA__").textContent);
  var equipo = data.props.pageProps.equipo;
  var grid = document.querySelector(".Team_grid__p0W");
  function h(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function render() {
    grid.innerHTML = "";
    grid.removeAttribute("data-loading");
    var titulos = { residente: null, invitada: "Artista invitada" };
    equipo.forEach(function (p) {
      if (p.estado === "ex") return; // ya no están en el estudio
      var card = h("article", "Team_card__w2");
      card.appendChild(h("h3", "Team_name__e1", p.nombre));
      card.appendChild(h("p", "Team_role__f3", p.rol));
      if (p.fechas) card.appendChild(h("p", "Team_dates__g4", p.fechas));
      card.appendChild(h("p", "Team_styles__h5", p.estilos.join(" · ")));
      if (p.instagram) {
        var a = h("a", "Team_ig__i6", "@" + p.instagram);
        a.href = "https://instagram.com/" + p.instagram;
        a.target = "_blank";
        card.appendChild(a);
      } else if (p.nota) {
        card.appendChild(h("p", "Team_note__j7", p.nota));
      }
      grid.appendChild(card);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", render); else render();
})();
