const v=(s)=>String(s??"").replace(/[&<>"']/g,(c)=>({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"})[c]);
function igUrl(x){if(!x)return null;x=String(x).trim();if(/^https?:/.test(x))return x;return "https://www.instagram.com/"+x.replace(/^@/,"")+"/"}
function igLabel(x){if(!x)return "";const m=String(x).match(/instagram\.com\/([^/?#]+)/);return "@"+(m?m[1]:String(x).replace(/^@/,""))}
function card(a){
  const ig=igUrl(a.instagram);
  const guest=a.guest?`<p class="guest">Guest artist · ${v(a.guest.from)} – ${v(a.guest.to)}</p>`:"";
  return `<article class="artist">
    <img src="${v(a.photo)}" alt="${v(a.name)}" loading="lazy">
    <h3>${v(a.name)}</h3>
    <p class="styles">${v((a.styles||[]).join(" · "))}</p>${guest}
    <p>${v(a.bio)}</p>
    ${ig?`<a class="ig" href="${v(ig)}" target="_blank" rel="noopener">${v(igLabel(a.instagram))}</a>`:`<p class="no-ig">${v(a.contact||"")}</p>`}
  </article>`;
}
async function boot(){
  const grid=document.getElementById("crew-grid");
  try{
    const r=await fetch("/data/artists.json",{headers:{Accept:"application/json"}});
    const d=await r.json();
    const today=new Date().toISOString().slice(0,10);
    const list=d.artists.filter(a=>a.active&&a.role==="tattoo"&&(!a.guest||a.guest.to>=today));
    grid.innerHTML=list.map(card).join("");
  }catch(e){grid.innerHTML='<p class="error">Couldn\'t load the crew. Refresh, or call the shop.</p>';}
}
document.readyState==="loading"?document.addEventListener("DOMContentLoaded",boot):boot();
