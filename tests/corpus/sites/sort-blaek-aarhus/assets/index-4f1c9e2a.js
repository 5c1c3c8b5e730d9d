(function(){const e=document.createElement("link").relList;if(e&&e.supports&&e.supports("modulepreload"))return;})();
const h=t=>{if(!t)return null;t=String(t).trim();const m=t.match(/instagram\.com\/([A-Za-z0-9._]+)/);if(m)return m[1];return t.replace(/^@/,"")};
async function r(){const a=document.getElementById("app"),s=document.getElementById("kunstner-select");
try{const n=await fetch("/data/kunstnere.json",{headers:{Accept:"application/json"}});const d=await n.json();
d.kunstnere.filter(k=>k.status==="aktiv").forEach(k=>{const c=document.createElement("article");c.className="artist-card";
const i=h(k.instagram);
c.innerHTML=`<img src="${k.billede}" alt="${k.navn}" loading="lazy"><h3>${k.navn}</h3><p class="style">${k.stil}</p>`+(k.gaest?`<p class="badge">Gæstekunstner ${k.gaest}</p>`:"")+(i?`<a class="ig" href="https://www.instagram.com/${i}/" target="_blank" rel="noopener">@${i}</a>`:`<span class="ig none">Booking via mail</span>`);
a.appendChild(c);const o=document.createElement("option");o.value=k.id;o.textContent=k.navn;s.appendChild(o)})}
catch(x){a.innerHTML="<p>Kunne ikke hente kunstnere. Prøv igen senere.</p>"}
if(!localStorage.getItem("ck"))document.getElementById("cookie").hidden=false}
document.readyState==="loading"?document.addEventListener("DOMContentLoaded",r):r();
