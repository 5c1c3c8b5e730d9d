// A small single-page app (what a Vite build leaves behind, minus the framework).
const e=document.getElementById("root");
function h(t,a,...c){const n=document.createElement(t);Object.entries(a||{}).forEach(([k,v])=>k==="class"?n.className=v:n.setAttribute(k,v));c.flat().forEach(x=>n.append(x));return n}
function nav(){return h("nav",{class:"nav"},h("a",{href:"/"},"NEON DAGGER"),h("a",{href:"/#artists"},"Artists"),h("a",{href:"/#book"},"Book"))}
async function main(){
  e.append(nav(),h("header",{class:"hero"},h("h1",{},"Neon Dagger Tattoo"),h("p",{},"Camden High St. Blackwork, anime, dark illustrative.")));
  const s=h("section",{id:"artists"},h("h2",{},"Artists"));e.append(s);
  try{
    const r=await fetch("/api/team.json",{credentials:"same-origin"});
    const {data}=await r.json();
    for(const m of data.members){
      if(m.role!=="artist")continue;
      s.append(h("div",{class:"artist-card"},h("img",{src:m.avatar.url,alt:m.full_name}),h("h3",{},m.full_name),h("p",{},m.tags.join(" / ")),h("a",{href:m.socials.instagram,target:"_blank"},"Instagram")));
    }
  }catch(err){s.append(h("p",{},"Could not load artists."))}
  e.append(h("footer",{},h("a",{href:"https://www.instagram.com/neondaggertattoo/"},"@neondaggertattoo")));
}
main();
