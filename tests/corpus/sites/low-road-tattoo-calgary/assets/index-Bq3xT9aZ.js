var Gt=Object.defineProperty;var Kt=(e,t,n)=>t in e?Gt(e,t,{enumerable:!0,configurable:!0,writable:!0,value:n}):e[t]=n;var fe=(e,t,n)=>Kt(e,typeof t!="symbol"?t+"":t,n);
(function(){const t=document.createElement("link").relList;if(t&&t.supports&&t.supports("modulepreload"))return;for(const s of document.querySelectorAll('link[rel="modulepreload"]'))r(s);function r(s){if(s.ep)return;s.ep=!0;fetch(s.href)}})();
const h=(e,t={},...n)=>{const r=document.createElement(e);for(const[s,o]of Object.entries(t))s==="class"?r.className=o:s.startsWith("on")?r.addEventListener(s.slice(2),o):r.setAttribute(s,o);for(const s of n.flat())s!=null&&r.append(typeof s=="string"?document.createTextNode(s):s);return r};
const igUrl=e=>{if(!e)return null;if(/^https?:/.test(e))return e;return"https://www.instagram.com/"+e.replace(/^@/,"")+"/"};
const igLabel=e=>"@"+e.replace(/^https?:\/\/(www\.)?instagram\.com\//,"").replace(/[\/?].*$/,"").replace(/^@/,"");
function Card(e){const u=igUrl(e.instagram);return h("article",{class:"card"},h("img",{src:e.photo,alt:e.name,loading:"lazy"}),h("h3",{},e.name),h("p",{class:"styles"},e.styles.join(" · ")),u?h("a",{href:u,target:"_blank",rel:"noopener"},igLabel(e.instagram)):h("p",{class:"muted"},e.note||""))}
function Nav(){return h("nav",{class:"nav"},h("a",{href:"#/"},"Low Road"),h("a",{href:"#artists"},"Artists"),h("a",{href:"#piercing"},"Piercing"),h("a",{href:"#visit"},"Visit"),h("a",{href:"https://www.instagram.com/lowroadtattooyyc/",target:"_blank","aria-label":"Instagram"},"IG"))}
async function mount(){const app=document.getElementById("app");app.append(Nav(),h("section",{class:"hero"},h("h1",{},"Low Road Tattoo"),h("p",{},"Street shop in Inglewood since 2014. Walk-ins 7 days, noon till late.")));
const res=await fetch("/data/artists.json",{headers:{Accept:"application/json"}});const data=await res.json();
const tattooers=data.team.filter(e=>e.active&&e.role==="tattoo");const piercers=data.team.filter(e=>e.active&&e.role==="piercing");
app.append(h("section",{id:"artists"},h("h2",{},"Artists"),h("div",{class:"grid"},tattooers.map(Card))));
app.append(h("section",{id:"piercing"},h("h2",{},"Piercing"),h("div",{class:"grid"},piercers.map(Card))));
app.append(h("section",{id:"visit"},h("h2",{},"Visit"),h("p",{},data.shop.address),h("p",{},data.shop.hours),h("iframe",{src:data.shop.map,loading:"lazy",width:"100%",height:"300"})));
app.append(h("footer",{},h("p",{},"© 2026 Low Road Tattoo Ltd. "),h("a",{href:"https://www.instagram.com/lowroadtattooyyc/"},"Instagram")));
if(!localStorage.getItem("lr-cookie"))app.append(h("div",{class:"cookie"},"We use analytics cookies. ",h("button",{onclick:ev=>{localStorage.setItem("lr-cookie","1");ev.target.parentNode.remove()}},"OK")))}
mount();
