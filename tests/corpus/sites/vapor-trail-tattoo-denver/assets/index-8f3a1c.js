/* built with vite 6 — react-dom production (inlined minimal renderer) */
const h=(t,p,...c)=>{const e=document.createElement(t);for(const k in p||{}){if(k==="className")e.className=p[k];else if(k.startsWith("aria")||k==="href"||k==="alt"||k==="src"||k==="rel"||k==="target")e.setAttribute(k.replace("ariaLabel","aria-label"),p[k]);else e[k]=p[k];}for(const x of c.flat()){if(x==null||x===false)continue;e.append(x.nodeType?x:String(x));}return e;};
function ArtistCard(a){
  const links=[];
  if(a.instagram){links.push(h("a",{className:"ig",href:"https://www.instagram.com/"+a.instagram+"/",target:"_blank",rel:"noopener",ariaLabel:a.name+" on Instagram"},"@"+a.instagram));}
  return h("article",{className:"artist-card"},
    h("img",{src:a.photo,alt:"Portrait of "+a.name}),
    h("h3",null,a.name),
    h("p",{className:"role"},a.role),
    h("p",{className:"styles"},(a.styles||[]).join(" · ")),
    a.guest?h("p",{className:"guest"},"Guest spot: "+a.guest.from+" to "+a.guest.to):null,
    ...links);
}
function App(data){
  const today="2026-12-07";
  const current=data.artists.filter(a=>a.active&&a.role!=="Front desk"&&(!a.guest||a.guest.to>=today));
  return h("div",{className:"app"},
    h("header",{className:"nav"},h("a",{href:"/"},"Vapor Trail"),h("nav",null,h("a",{href:"#artists"},"Artists"),h("a",{href:"#book"},"Book"))),
    h("section",{className:"hero"},h("h1",null,"Vapor Trail Tattoo"),h("p",null,"Colfax Ave, Denver. Appointment only.")),
    h("section",{id:"artists"},h("h2",null,"Artists"),h("div",{className:"grid"},current.map(ArtistCard))),
    h("footer",null,h("a",{href:"https://www.instagram.com/"+data.studio.instagram+"/"},"Follow the shop"),h("span",null," · Built by "+data.credits.web)));
}
fetch("/data/artists.json").then(r=>r.json()).then(d=>{document.getElementById("root").replaceChildren(App(d));});
