(function(){const l=document.createElement("link").relList;if(l&&l.supports&&l.supports("modulepreload"))return;})();
const h=(t,a={},...c)=>{const e=document.createElement(t);for(const[k,v]of Object.entries(a||{}))k==="className"?e.className=v:k.startsWith("on")?e.addEventListener(k.slice(2).toLowerCase(),v):e.setAttribute(k,v);for(const x of c.flat())x!=null&&e.append(x.nodeType?x:String(x));return e};
const ROLE={tattoo:"타투이스트",apprentice:"견습 타투이스트",piercer:"피어서"};
function Card(a){return h("article",{className:"artist-card"},
  h("img",{src:a.photo,alt:a.name+" 프로필 사진",loading:"lazy"}),
  h("div",{className:"artist-card__body"},
    h("h3",{className:"artist-card__name"},a.name,a.name_en?h("span",{className:"en"}," "+a.name_en):null),
    h("p",{className:"artist-card__role"},ROLE[a.role]||a.role),
    h("p",{className:"artist-card__styles"},(a.styles||[]).join(" · ")),
    a.instagram?h("a",{className:"artist-card__ig",href:"https://www.instagram.com/"+a.instagram+"/",target:"_blank",rel:"noreferrer"},"@"+a.instagram):h("p",{className:"artist-card__noig"},a.note||"")))}
function App(d){const r=document.getElementById("root");r.innerHTML="";
  const tat=d.artists.filter(a=>a.role!=="piercer"),pie=d.artists.filter(a=>a.role==="piercer");
  r.append(
    h("header",{className:"nav"},h("a",{href:"/",className:"logo"},"바늘 TATTOO"),h("nav",null,h("a",{href:"#artists"},"아티스트"),h("a",{href:"#piercing"},"피어싱"),h("a",{href:"#booking"},"예약 안내")),h("a",{className:"nav__ig",href:"https://instagram.com/"+d.studio.instagram,"aria-label":"Instagram"},"IG")),
    h("section",{className:"hero"},h("h1",null,"바늘 타투 스튜디오"),h("p",null,d.studio.tagline)),
    h("section",{id:"artists"},h("h2",null,"아티스트"),h("div",{className:"grid"},tat.map(Card))),
    h("section",{id:"piercing"},h("h2",null,"피어싱"),h("div",{className:"grid"},pie.map(Card))),
    h("section",{id:"booking"},h("h2",null,"예약 안내"),h("p",null,d.studio.booking)),
    h("footer",null,h("p",null,d.studio.address),h("p",null,"Instagram ",h("a",{href:"https://www.instagram.com/"+d.studio.instagram},"@"+d.studio.instagram))))}
fetch("/api/artists.json",{headers:{Accept:"application/json"}}).then(r=>r.json()).then(App).catch(e=>{document.getElementById("root").textContent="잠시 후 다시 시도해 주세요."});
