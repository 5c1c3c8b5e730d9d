// Vite build (trimmed): a tiny hash router; each view renders into #app.
const app = document.getElementById("app");
const months = ["januari","februari","mars","april","maj","juni","juli","augusti","september","oktober","november","december"];
const fmt = (iso) => { const d = new Date(iso + "T12:00:00"); return `${d.getDate()} ${months[d.getMonth()]} ${d.getFullYear()}`; };
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));

const views = {
  "/": async () => `<section class="hero"><h1>Tatueringar i Majorna sedan 2016</h1><p>Custom, flash och cover-ups. Drop-in varje lördag.</p><a class="btn" href="#/artister">Möt artisterna</a></section>`,
  "/artister": async () => {
    const res = await fetch("/api/artister.json", { headers: { Accept: "application/json" } });
    const { artister, gastartister } = await res.json();
    const card = (a) => `<article class="artist"><img src="${esc(a.bild)}" alt="" loading="lazy"><h3>${esc(a.namn)}</h3><p>${esc(a.stil)}</p>${a.period ? `<p class="period">Gästspel ${fmt(a.period[0])} – ${fmt(a.period[1])}</p>` : ""}<a href="${esc(a.instagram)}" target="_blank" rel="noopener">Instagram</a></article>`;
    return `<h1>Artister</h1><div class="grid">${artister.map(card).join("")}</div><h2>Gästartister</h2><div class="grid">${gastartister.map(card).join("")}</div>`;
  },
  "/boka": async () => `<h1>Boka tid</h1><p>Skicka en förfrågan via formuläret eller DM:a artisten direkt. Handpenning 500 kr.</p><form><input name="namn" placeholder="Namn"><textarea name="ide" placeholder="Din idé"></textarea><button>Skicka</button></form>`,
  "/eftervard": async () => `<h1>Eftervård</h1><p>Tvätta försiktigt två gånger om dagen. Vi säljer Hustle Butter i studion.</p>`,
  "/kontakt": async () => `<h1>Kontakt</h1><iframe src="https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d2131.5!2d11.94!3d57.69" width="100%" height="320" loading="lazy" title="Karta"></iframe>`,
};

async function render() {
  const path = location.hash.replace(/^#/, "") || "/";
  const view = views[path] || (async () => "<h1>404</h1><p>Sidan finns inte.</p>");
  app.innerHTML = await view();
  window.scrollTo(0, 0);
}
window.addEventListener("hashchange", render);
render();

document.getElementById("cookie-root").innerHTML = localStorage.getItem("cookies-ok") ? "" :
  `<div class="cookie"><p>Vi använder cookies för statistik.</p><button onclick="localStorage.setItem('cookies-ok',1);this.parentNode.remove()">Okej</button></div>`;
