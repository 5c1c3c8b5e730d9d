(function(){const l=document.createElement("link").relList;if(l&&l.supports&&l.supports("modulepreload"))return;for(const e of document.querySelectorAll('link[rel="modulepreload"]'))i(e);function i(e){if(e.ep)return;e.ep=!0;fetch(e.href)}})();
const IG_RE=/^(?:https?:\/\/)?(?:www\.)?instagram\.com\/([^/?#]+)/i;
function igUrl(v){if(!v)return null;const m=String(v).match(IG_RE);const h=m?m[1]:String(v).replace(/^@/,"");return"https://www.instagram.com/"+h+"/"}
function igLabel(v){if(!v)return"";const m=String(v).match(IG_RE);return"@"+(m?m[1]:String(v).replace(/^@/,""))}
function el(t,c,h){const n=document.createElement(t);if(c)n.className=c;if(h!=null)n.textContent=h;return n}
function card(p){const a=el("article","member"+(p.tatua?"":" member--staff"));
 const img=el("img","member__photo");img.loading="lazy";img.alt=p.nome;img.src="/img/equipa/"+p.foto;a.appendChild(img);
 a.appendChild(el("h3","member__name",p.nome));a.appendChild(el("p","member__role",p.funcao));
 if(p.estilos&&p.estilos.length)a.appendChild(el("p","member__styles",p.estilos.join(" · ")));
 const u=igUrl(p.instagram);if(u){const l=el("a","member__ig",igLabel(p.instagram));l.href=u;l.target="_blank";l.rel="noopener";a.appendChild(l)}
 else if(p.tatua){a.appendChild(el("p","member__ig member__ig--none","Marcações por email"))}
 return a}
async function boot(){const root=document.getElementById("app");root.textContent="A carregar…";
 try{const r=await fetch("/data/equipa.json",{headers:{Accept:"application/json"}});const d=await r.json();
  root.textContent="";d.pessoas.filter(p=>p.ativo).sort((a,b)=>(b.tatua-a.tatua)||a.ordem-b.ordem).forEach(p=>root.appendChild(card(p)));
 }catch(e){root.textContent="Não foi possível carregar a equipa."}}
function cookies(){const c=document.getElementById("cookie-note");if(!localStorage.getItem("af-consent"))c.hidden=!1;
 c.addEventListener("click",e=>{const v=e.target.getAttribute("data-consent");if(!v)return;localStorage.setItem("af-consent",v);c.hidden=!0;if(v==="yes")gtag("consent","update",{analytics_storage:"granted"})})}
boot();cookies();
