(function () {
  var TEAM = [
    { naam: "Sanne de Wit", rol: "Eigenaar · fine line & botanisch", ig: "sannedewit.tattoo" },
    { naam: "Bram Hoekstra", rol: "Neo-traditioneel · kleur", ig: "bramhoekstra_ink" },
    { naam: "Yara El Idrissi", rol: "Blackwork · ornamentaal", ig: "yara.elidrissi.tattoo" },
    { naam: "Jip", rol: "Leerling-tatoeëerder — zet al eigen flash op vrijdag", ig: "jip.prikt" },
    { naam: "Kees van Dam", rol: "Realisme (geen Instagram, kom langs voor zijn portfolio)", ig: null },
    { naam: "Marit Kok", rol: "Gastartiest uit Groningen · 30 nov t/m 13 dec 2026", ig: "maritkok.tattoo", gast: { tot: "2026-12-13" } },
    { naam: "Lars Bakker", rol: "Gastartiest · 6 t/m 10 oktober 2026", ig: "larsbakker.tattoo", gast: { tot: "2026-10-10" } },
    { naam: "Femke Jansen", rol: "Piercer", ig: "femke.piercing", piercer: true }
  ];
  var VANDAAG = "2026-12-07";
  function kaart(p) {
    var col = document.createElement("div");
    col.className = "col-md-4";
    var ig = p.ig ? '<a class="btn btn-sm btn-outline-dark" href="https://instagram.com/' + p.ig + '/" aria-label="Instagram van ' + p.naam + '">@' + p.ig + '</a>' : "";
    col.innerHTML = '<div class="card h-100"><div class="card-body"><h3 class="h5 card-title">' + p.naam + '</h3><p class="card-text">' + p.rol + '</p>' + ig + '</div></div>';
    return col;
  }
  window.addEventListener("load", function () {
    setTimeout(function () {
      var grid = document.getElementById("team-grid");
      grid.innerHTML = "";
      TEAM.filter(function (p) { return !p.piercer && (!p.gast || p.gast.tot >= VANDAAG); })
          .forEach(function (p) { grid.appendChild(kaart(p)); });
      grid.setAttribute("aria-busy", "false");
    }, 1500);
  });
})();
