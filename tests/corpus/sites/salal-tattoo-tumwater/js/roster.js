(function () {
  var TODAY = new Date();
  TODAY.setHours(0, 0, 0, 0);

  function igHandle(v) {
    if (!v) return null;
    v = String(v).trim();
    var m = v.match(/instagram\.com\/([A-Za-z0-9._]+)/);
    if (m) return m[1];
    return v.replace(/^@/, "");
  }
  function fmt(d) {
    return new Date(d + "T12:00:00").toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" });
  }
  function card(p) {
    var el = document.createElement("article");
    el.className = "artist-card artist-card--" + p.role;
    var h = igHandle(p.instagram);
    var html = '<img class="artist-card__img" loading="lazy" src="/img/artists/' + p.id + '.webp" alt="">' +
      '<h3 class="artist-card__name">' + p.name + '</h3>' +
      '<p class="artist-card__title">' + p.title + '</p>';
    if (p.styles && p.styles.length) html += '<p class="artist-card__styles">' + p.styles.join(" · ") + '</p>';
    if (p.from) html += '<p class="artist-card__dates">' + fmt(p.from) + ' – ' + fmt(p.to) + '</p>';
    if (h) {
      html += '<a class="artist-card__ig" href="https://www.instagram.com/' + h + '/" target="_blank" rel="noopener">@' + h + '</a>';
    } else if (p.website) {
      html += '<a class="artist-card__web" href="' + p.website + '" target="_blank" rel="noopener">Portfolio</a>';
    }
    if (p.books) html += '<span class="artist-card__books">Books: ' + p.books + '</span>';
    el.innerHTML = html;
    return el;
  }
  function fill(id, list) {
    var box = document.getElementById(id);
    box.innerHTML = "";
    if (!list.length) { box.closest("section").hidden = true; return; }
    list.forEach(function (p) { box.appendChild(card(p)); });
  }
  fetch("/data/artists.json", { cache: "no-cache" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var people = data.people || [];
      fill("residents", people.filter(function (p) { return p.role === "resident" || p.role === "apprentice"; }));
      fill("guests", people.filter(function (p) {
        return p.role === "guest" && new Date(p.to + "T23:59:59") >= TODAY;
      }));
      fill("piercing", people.filter(function (p) { return p.role === "piercer"; }));
    })
    .catch(function () {
      document.getElementById("residents").innerHTML = '<p class="error">Couldn\'t load the roster. Call us at (360) 555-0142.</p>';
    });
})();
