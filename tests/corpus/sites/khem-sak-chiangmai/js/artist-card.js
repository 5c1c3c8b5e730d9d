// Card components: every card draws itself from its attributes inside a shadow root.
const tpl = document.createElement("template");
tpl.innerHTML = `
  <style>:host{display:block;border:1px solid #222;padding:1rem}:host([hidden]){display:none}img{width:100%;aspect-ratio:1;object-fit:cover}h3{margin:.5rem 0 0}</style>
  <figure><img part="photo" alt=""><figcaption><h3 part="name"></h3><p part="role"></p><a part="ig" target="_blank" rel="noopener"></a></figcaption></figure>`;

class ArtistCard extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: "closed" });
    root.appendChild(tpl.content.cloneNode(true));
    const handle = this.getAttribute("handle");
    root.querySelector("img").src = this.getAttribute("photo");
    root.querySelector("h3").textContent = this.getAttribute("name");
    root.querySelector("p").textContent = this.getAttribute("role");
    const a = root.querySelector("a");
    a.href = `https://www.instagram.com/${handle}/`;
    a.textContent = `IG @${handle}`;
  }
}
class StudioRoster extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: "open" });
    root.innerHTML = `<style>:host{display:grid;gap:1.5rem;grid-template-columns:repeat(${this.getAttribute("columns") || 3},1fr)}</style><slot></slot>`;
  }
}
class SiteHeader extends HTMLElement {
  connectedCallback() {
    this.attachShadow({ mode: "open" }).innerHTML = `<header style="display:flex;justify-content:space-between"><slot name="logo"></slot><slot name="nav"></slot></header>`;
  }
}
customElements.define("artist-card", ArtistCard);
customElements.define("studio-roster", StudioRoster);
customElements.define("site-header", SiteHeader);
