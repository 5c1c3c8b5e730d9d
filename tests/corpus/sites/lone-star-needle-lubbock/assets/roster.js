(function () {
  "use strict";
  function igHandle(value) {
    if (!value) return null;
    var v = String(value).trim();
    var m = v.match(/instagram\.com\/([A-Za-z0-9._]+)/);
    if (m) return m[1];
    return v.replace(/^@/, "");
  }
  function card(person) {
    var el = document.createElement("article");
    el.className = "crew-card";
    var img = document.createElement("img");
    img.src = person.photo || "/assets/placeholder.jpg";
    img.alt = person.name;
    img.loading = "lazy";
    el.appendChild(img);
    var h = document.createElement("h3");
    h.textContent = person.name;
    el.appendChild(h);
    if (person.styles && person.styles.length) {
      var p = document.createElement("p");
      p.className = "styles";
      p.textContent = person.styles.join(" · ");
      el.appendChild(p);
    }
    if (person.bio) {
      var b = document.createElement("p");
      b.textContent = person.bio;
      el.appendChild(b);
    }
    var handle = igHandle(person.instagram);
    if (handle) {
      var a = document.createElement("a");
      a.href = "https://www.instagram.com/" + handle + "/";
      a.textContent = "@" + handle;
      a.target = "_blank";
      a.rel = "noopener";
      el.appendChild(a);
    }
    return el;
  }
  fetch("/data/artists.json", { headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var roster = document.getElementById("roster");
      var piercers = document.getElementById("piercers");
      roster.innerHTML = "";
      data.staff
        .filter(function (p) { return p.active !== false; })
        .forEach(function (p) {
          (p.role === "piercer" ? piercers : roster).appendChild(card(p));
        });
    })
    .catch(function () {
      document.getElementById("roster").innerHTML =
        "<p>Couldn't load the crew right now. Call us at (806) 555-0117.</p>";
    });
})();
