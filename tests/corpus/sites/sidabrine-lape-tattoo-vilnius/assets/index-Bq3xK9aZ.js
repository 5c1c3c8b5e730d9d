(function(){"use strict";
/* bundled by vite 6.0.3 — react-dom shim (production) */
const h=(t,p,...c)=>{const e=document.createElement(t);if(p)for(const k in p){if(k==="className")e.className=p[k];else if(k.startsWith("on"))e.addEventListener(k.slice(2).toLowerCase(),p[k]);else if(p[k]!=null)e.setAttribute(k,p[k])}for(const x of c.flat()){if(x==null||x===false)continue;e.append(x.nodeType?x:document.createTextNode(String(x)))}return e};
const ig=u=>"https://www.instagram.com/"+u+"/";
function Header(s){return h("header",{className:"hdr"},h("a",{href:"/",className:"logo"},s.name),h("nav",null,h("a",{href:"#meistrai"},"Meistrai"),h("a",{href:"#kontaktai"},"Kontaktai")))}
function Card(a){return h("article",{className:"card"},
  h("img",{src:a.photo,alt:"",loading:"lazy",width:"300",height:"375"}),
  h("h3",null,a.name),
  h("p",{className:"styles"},a.styles.join(" · ")),
  a.instagram?h("a",{href:ig(a.instagram),target:"_blank",rel:"noopener"},"@"+a.instagram):h("p",{className:"no-ig"},"Instagramo neturi – rašykite studijai"))}
function Footer(s){return h("footer",{id:"kontaktai"},
  h("p",null,s.address+" · "+s.hours),
  h("p",null,"Studijos Instagram: ",h("a",{href:ig(s.instagram)},"@"+s.instagram)),
  h("p",{className:"partners"},"Mūsų partneriai: ",...s.partners.map((p,i)=>[i?", ":"",h("a",{href:ig(p.instagram)},p.label)])))}
async function main(){
  const root=document.getElementById("root");
  root.append(h("div",{className:"loading"},"Kraunama…"));
  const r=await fetch("/data/meistrai.json",{headers:{Accept:"application/json"}});
  const d=await r.json();
  const team=d.artists.filter(a=>a.active);
  root.replaceChildren(Header(d.studio),
    h("main",null,h("section",{className:"hero"},h("h1",null,d.studio.tagline)),
      h("section",{id:"meistrai"},h("h2",null,"Mūsų meistrai"),h("div",{className:"grid"},...team.map(Card)))),
    Footer(d.studio));
}
main().catch(e=>{document.getElementById("root").textContent="Nepavyko įkelti duomenų.";console.error(e)});
})();
