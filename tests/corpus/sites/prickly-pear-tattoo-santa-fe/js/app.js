/* Prickly Pear Tattoo — artist grid. Loaded with defer. */
(function () {
  "use strict";
  var TODAY = new Date();
  var grid = document.getElementById("artist-grid");

  function igUrl(v) {
    if (!v) return null;
    if (/^https?:/.test(v)) return v;
    return "https://www.instagram.com/" + v.replace(/^@/, "") + "/";
  }

  function isCurrent(person) {
    if (person.status === "alumni") return false;
    if (person.status !== "guest") return true;
    var end = new Date(person.until + "T23:59:59");
    return end >= TODAY;
  }

  function card(p) {
    var el = document.createElement("article");
    el.className = "artist-card" + (p.status === "guest" ? " artist-card--guest" : "");
    var html = '<img class="artist-card__img" loading="lazy" src="' + p.photo + '" alt="">' +
      '<h3 class="artist-card__name">' + p.first + ' <span class="artist-card__last">' + p.last + '</span></h3>' +
      '<p class="artist-card__role">' + p.title + (p.status === "guest" ? " · " + p.from + " to " + p.until : "") + '</p>' +
      '<p class="artist-card__bio">' + p.bio + '</p>';
    var ig = igUrl(p.links && p.links.instagram);
    if (ig) html += '<a class="artist-card__ig" href="' + ig + '" aria-label="Instagram"><svg width="20" height="20"><use href="/assets/icons.svg#ig"></use></svg></a>';
    if (p.links && p.links.website) html += ' <a class="artist-card__web" href="' + p.links.website + '">Portfolio</a>';
    el.innerHTML = html;
    return el;
  }

  fetch("/data/team.json", { headers: { "Accept": "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      grid.innerHTML = "";
      data.people
        .filter(function (p) { return p.tattoos && isCurrent(p); })
        .sort(function (a, b) { return a.order - b.order; })
        .forEach(function (p) { grid.appendChild(card(p)); });
      grid.setAttribute("aria-busy", "false");
    })
    .catch(function () {
      grid.innerHTML = "<p>Couldn't load the artist list. Try refreshing, or give us a call.</p>";
    });

  var note = document.getElementById("cookie-note");
  if (!localStorage.getItem("pp-cookie-ok")) note.hidden = false;
  document.getElementById("cookie-ok").addEventListener("click", function () {
    localStorage.setItem("pp-cookie-ok", "1"); note.hidden = true;
  });
})();
