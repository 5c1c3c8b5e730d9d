// Renders the artist grid from /data/artists.json (kept by the owner in the repo).
const grid = document.getElementById("artist-grid");

function card(a) {
  const el = document.createElement("article");
  el.className = "artist-card";
  el.innerHTML = `
    <img src="${a.photo}" alt="" loading="lazy" width="400" height="500">
    <h3>${a.name}</h3>
    <p class="styles">${a.styles.join(" · ")}</p>
    <p class="email"><a href="mailto:${a.email}">${a.email}</a></p>
    ${a.instagram ? `<a class="ig" href="https://instagram.com/${a.instagram}" target="_blank" rel="noopener">@${a.instagram}</a>` : ""}`;
  return el;
}

fetch("/data/artists.json")
  .then((r) => r.json())
  .then((data) => {
    grid.replaceChildren(...data.artists.filter((a) => a.active).map(card));
    grid.setAttribute("aria-busy", "false");
  })
  .catch(() => {
    grid.innerHTML = "<p>Couldn't load the artists — try refreshing.</p>";
  });
