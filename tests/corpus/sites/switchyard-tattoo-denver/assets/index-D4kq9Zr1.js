const h=(t,p,...c)=>{const e=document.createElement(t);for(const k in p||{}){if(k==="className")e.className=p[k];else if(k.startsWith("on"))e.addEventListener(k.slice(2).toLowerCase(),p[k]);else e.setAttribute(k,p[k])}c.flat().forEach(x=>{if(x==null||x===false)return;e.appendChild(typeof x==="string"?document.createTextNode(x):x)});return e};
const ig=u=>"https://www.instagram.com/"+u+"/";
function Cookie(){const b=h("div",{className:"cookie",role:"dialog"},"We use cookies for analytics. ",h("button",{onClick:()=>b.remove()},"OK"));return b}
function Nav(){return h("nav",{className:"nav"},h("a",{href:"/"},"Switchyard"),h("a",{href:"#artists"},"Artists"),h("a",{href:"#faq"},"FAQ"),h("a",{href:"#giftcards"},"Gift Cards"))}
function Card(a){return h("article",{className:"card","data-artist":a.slug},h("h3",null,a.displayName),h("p",null,a.styles.join(" · ")),a.role?h("p",{className:"role"},a.role):null,a.socials&&a.socials.instagram?h("a",{href:ig(a.socials.instagram),target:"_blank",rel:"noreferrer","aria-label":a.displayName+" on Instagram"},"@"+a.socials.instagram):h("span",{className:"muted"},a.contactNote||""))}
function App(d){const now=new Date("2026-12-07");const isCurrent=a=>!a.guest||(new Date(a.guest.from)<=now&&now<=new Date(a.guest.to));
return h("div",{className:"app"},Cookie(),Nav(),h("header",null,h("h1",null,d.studio.name),h("p",null,d.studio.tagline)),
h("section",{id:"artists"},h("h2",null,"Artists"),d.artists.filter(a=>!a.archived&&isCurrent(a)).map(Card)),
h("section",{id:"faq"},h("h2",null,"FAQ"),d.faq.map(f=>h("details",null,h("summary",null,f.q),h("p",null,f.a)))),
h("section",{id:"giftcards"},h("h2",null,"Gift Cards"),h("p",null,"Available in $50 increments at the front desk.")),
h("footer",null,h("a",{href:ig(d.studio.instagram)},"Instagram"),"  ·  ",d.studio.address))}
fetch("/api/artists.json").then(r=>r.json()).then(d=>{document.getElementById("root").replaceChildren(App(d))}).catch(e=>{document.getElementById("root").textContent="Could not load artists."});
