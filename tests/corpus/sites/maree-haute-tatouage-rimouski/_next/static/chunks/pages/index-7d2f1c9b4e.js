(function(){"use strict";
var d=JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps,
h=function(t,c,x){var el=document.createElement(t);if(c)el.className=c;if(x!=null)el.textContent=x;return el},
today=new Date("2026-12-07");
function render(){var g=document.querySelector(".Team_grid__h2T");if(!g)return;g.innerHTML="";
d.team.filter(function(m){return m.actif}).forEach(function(m){var c=h("article","Team_card__r4Q");var i=h("img");i.src=m.photo;i.alt=m.nom;c.appendChild(i);c.appendChild(h("h3",null,m.nom));c.appendChild(h("p","Team_role__b1",m.role));c.appendChild(h("p","Team_styles__m2",m.styles.join(" · ")));if(m.instagram){var a=h("a","Team_ig__z8","@"+m.instagram);a.href="https://www.instagram.com/"+m.instagram+"/";c.appendChild(a)}else if(m.note){c.appendChild(h("p","Team_note__n1",m.note))}g.appendChild(c)});
var up=d.invites.filter(function(v){return new Date(v.au+"T23:59:59")>=today});if(up.length){var s=h("div","Team_guests__y6");s.appendChild(h("h3",null,"Artistes invités"));up.forEach(function(v){var p=h("p");p.appendChild(document.createTextNode(v.nom+" ("+v.ville+"), du "+v.du+" au "+v.au+" — "));var a=h("a",null,"@"+v.instagram);a.href="https://www.instagram.com/"+v.instagram+"/";p.appendChild(a);s.appendChild(p)});g.parentNode.appendChild(s)}}
"loading"===document.readyState?document.addEventListener("DOMContentLoaded",render):render()})();
