(function () {
  "use strict";
  var grid = document.getElementById("artist-grid");

  function igLink(handle) {
    return '<a class="artist-ig" href="https://www.instagram.com/' + encodeURIComponent(handle) +
      '/" target="_blank" rel="noopener">@' + handle + "</a>";
  }

  function card(a) {
    var links = "";
    if (a.instagram) links += igLink(a.instagram);
    if (a.website) links += '<a class="artist-web" href="' + a.website + '" target="_blank" rel="noopener">Portfolio</a>';
    return '<article class="artist-card">' +
      '<img loading="lazy" src="/img/artists/' + a.photo + '" alt="' + a.name + '">' +
      "<h3>" + a.name + "</h3>" +
      '<p class="styles">' + a.styles.join(" · ") + "</p>" +
      '<p class="bio">' + a.bio + "</p>" +
      '<div class="links">' + links + "</div></article>";
  }

  fetch("/data/artists.json", { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var current = data.artists.filter(function (a) { return a.status === "resident"; });
      grid.innerHTML = current.map(card).join("");
    })
    .catch(function () {
      grid.innerHTML = '<p class="error">Couldn\'t load the artist list. Try refreshing.</p>';
    });
})();
