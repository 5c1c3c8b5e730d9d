const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["_nuxt/entry.C4k2hR9a.css"])))=>i.map(i=>d[i]);
const cfg=(window.__NUXT__&&window.__NUXT__.config&&window.__NUXT__.config.public)||{apiBase:"/data"};
function esc(s){return String(s).replace(/[&<>"]/g,c=>({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]))}
function card(a){
  const ig=a.instagram?`<a class="nw-ig" href="https://www.instagram.com/${esc(a.instagram)}/" target="_blank" rel="noopener" aria-label="Instagram"><svg viewBox="0 0 24 24" width="20" height="20"><circle cx="12" cy="12" r="4"/></svg></a>`:"";
  return `<article class="nw-card"><img src="${esc(a.photo)}" alt="${esc(a.name_zh)}" loading="lazy"><h3>${esc(a.name_zh)} <span>${esc(a.name_en)}</span></h3><p>${esc(a.style)}</p>${a.note?`<p class="nw-note">${esc(a.note)}</p>`:""}${ig}</article>`;
}
async function loadTeam(){
  const el=document.getElementById("artist-list");
  try{
    const r=await fetch(cfg.apiBase+"/artists.json?v=20261201",{headers:{Accept:"application/json"}});
    const j=await r.json();
    const list=j.artists.filter(a=>a.active);
    el.innerHTML=list.map(card).join("");
    el.setAttribute("aria-busy","false");
  }catch(e){el.innerHTML='<p>暫時未能載入紋身師名單，請稍後再試。</p>';console.error(e)}
}
document.readyState==="loading"?document.addEventListener("DOMContentLoaded",loadTeam):loadTeam();
