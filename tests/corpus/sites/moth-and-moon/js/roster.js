(function () {
  "use strict";
  var target = document.getElementById("roster");
  function card(artist) {
    var el = document.createElement("article");
    el.className = "artist";
    var img = document.createElement("img");
    img.src = artist.photo;
    img.alt = "";
    var h3 = document.createElement("h3");
    h3.textContent = artist.displayName;
    var p = document.createElement("p");
    p.textContent = artist.bio;
    var a = document.createElement("a");
    a.href = "https://www.instagram.com/" + artist.ig + "/";
    a.textContent = "@" + artist.ig;
    a.rel = "noopener";
    el.append(img, h3, p, a);
    return el;
  }
  fetch("/data/artists.json", { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      target.innerHTML = "";
      data.artists.filter(function (a) { return a.active; }).forEach(function (a) {
        target.appendChild(card(a));
      });
    })
    .catch(function () { target.innerHTML = "<p>Couldn't load the roster – try again later.</p>"; });
})();
