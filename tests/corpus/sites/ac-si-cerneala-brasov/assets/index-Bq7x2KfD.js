(function(){const r=document.createElement("link").relList;if(r&&r.supports&&r.supports("modulepreload"))return;for(const e of document.querySelectorAll('link[rel="modulepreload"]'))n(e);function n(e){if(e.ep)return;e.ep=!0;fetch(e.href)}})();
const igUrl=h=>{if(!h)return null;h=String(h).trim();if(/^https?:/.test(h))return h;return"https://www.instagram.com/"+h.replace(/^@/,"")+"/"};
function card(a){const d=document.createElement("article");d.className="artist";
const ig=igUrl(a.instagram);
d.innerHTML=`<img src="${a.foto}" alt="" loading="lazy"><h3>${a.nume}</h3><p class="stil">${a.stiluri.join(" · ")}</p>`+(ig?`<a class="ig" href="${ig}" target="_blank" rel="noopener">Instagram</a>`:"")+(a.nota?`<p class="nota">${a.nota}</p>`:"");return d}
async function mount(){const root=document.getElementById("team-root");
try{const res=await fetch("/data/echipa.json",{headers:{Accept:"application/json"}});const data=await res.json();
root.innerHTML="";
data.membri.filter(m=>m.activ&&m.rol==="tatuator").sort((a,b)=>a.ordine-b.ordine).forEach(m=>root.appendChild(card(m)));
const staff=data.membri.filter(m=>m.activ&&m.rol!=="tatuator");
if(staff.length){const p=document.createElement("p");p.className="staff";p.textContent="La recepție: "+staff.map(s=>s.nume).join(", ");root.after(p)}
root.removeAttribute("aria-busy")}catch(e){root.innerHTML="<p>Nu am putut încărca echipa.</p>"}}
document.readyState==="loading"?document.addEventListener("DOMContentLoaded",mount):mount();
