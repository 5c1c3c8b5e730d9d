/*! For license information please see main.7f3d21ac.js.LICENSE.txt */
(function(){"use strict";
function h(tag,props){var el=document.createElement(tag);props=props||{};for(var k in props){if(k==="className")el.className=props[k];else if(k==="text")el.textContent=props[k];else el.setAttribute(k,props[k]);}
for(var i=2;i<arguments.length;i++){var c=arguments[i];if(c==null)continue;el.appendChild(typeof c==="string"?document.createTextNode(c):c);}return el;}
function igUrl(v){if(!v)return null;if(/^https?:/.test(v))return v;return "https://www.instagram.com/"+v.replace(/^@/,"")+"/";}
function igLabel(v){if(!v)return null;if(/^https?:/.test(v)){var m=v.match(/instagram\.com\/([^/?#]+)/);return m?"@"+m[1]:v;}return "@"+v.replace(/^@/,"");}
function fmt(d){var m=["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"];var p=d.split("-");return m[+p[1]-1]+" "+(+p[2]);}
function card(a){return h("article",{className:"ArtistCard_card__x9Qz2","data-id":String(a.id)},
  h("div",{className:"ArtistCard_photo__1bH0c"},h("img",{src:"/static/media/artist-"+a.id+".webp",alt:a.name+" portrait",loading:"lazy"})),
  h("h3",{className:"ArtistCard_name__3kLm8",text:a.name}),
  h("p",{className:"ArtistCard_role__7Yt2a",text:a.role+(a.status==="guest"?" · from "+a.hometown+", "+fmt(a.from)+" – "+fmt(a.until)+", 2026":"")}),
  h("p",{className:"ArtistCard_styles__2Gh9p",text:a.styles.join(" · ")}),
  a.instagram?h("a",{className:"ArtistCard_ig__5Rt1q",href:igUrl(a.instagram),target:"_blank",rel:"noreferrer",text:igLabel(a.instagram)}):h("p",{className:"ArtistCard_ig__5Rt1q",text:"Book through the shop"}));}
function App(data){var root=document.getElementById("root");root.innerHTML="";
  var header=h("header",{className:"Header_header__k2Lp0"},h("a",{href:"/",className:"Header_logo__9aQ1x",text:"CINDER BLOCK TATTOO"}),
    h("nav",{className:"Header_nav__4Ff7s"},h("a",{href:"#artists",text:"Artists"})," ",h("a",{href:"#visit",text:"Visit"})," ",h("a",{href:"https://cinderblocktattoo.as.me/",text:"Book"})));
  var hero=h("section",{className:"Hero_hero__8cVb3"},h("h1",{text:"Heavy lines. Corktown since 2012."}));
  var res=data.artists.filter(function(a){return a.status==="resident";});
  var guests=data.artists.filter(function(a){return a.status==="guest";});
  var alumni=data.artists.filter(function(a){return a.status==="former";});
  var grid=h("section",{id:"artists",className:"Roster_roster__6Jp0d"},h("h2",{text:"The Artists"}),h("div",{className:"Roster_grid__0oPq4"}));
  res.forEach(function(a){grid.lastChild.appendChild(card(a));});
  var g=h("section",{className:"Roster_guests__2Wc7e"},h("h2",{text:"Guest spot"}));guests.forEach(function(a){g.appendChild(card(a));});
  var al=h("section",{className:"Roster_alumni__1Zx8r"},h("h2",{text:"Alumni"}));
  alumni.forEach(function(a){al.appendChild(h("p",{},a.name+" — "+a.note+" ",h("a",{href:igUrl(a.instagram),text:igLabel(a.instagram)})));});
  var partners=h("section",{className:"Partners_partners__3Qa1k"});
  data.partners.forEach(function(p){partners.appendChild(h("p",{},p.blurb+" ",h("a",{href:igUrl(p.instagram),text:p.name}),"."));});
  var footer=h("footer",{id:"visit",className:"Footer_footer__7Hn2s"},h("p",{text:data.studio.address+" · Wed–Sun 12–8"}),h("a",{href:data.studio.instagram,text:"Instagram"}));
  [header,hero,grid,g,al,partners,footer].forEach(function(n){root.appendChild(n);});}
fetch("/data/artists.json",{headers:{Accept:"application/json"}}).then(function(r){return r.json();}).then(App).catch(function(e){document.getElementById("root").textContent="Could not load the roster.";console.error(e);});
})();
