(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(e,t,n){(window.__NEXT_P=window.__NEXT_P||[]).push(["/",function(){return n(3678)}])}}]);
/* rendered without React for the static export fallback */
(function(){
  function h(tag,attrs,kids){var el=document.createElement(tag);for(var k in (attrs||{})){if(k==="text")el.textContent=attrs[k];else el.setAttribute(k,attrs[k]);}(kids||[]).forEach(function(c){if(c)el.appendChild(c);});return el;}
  function ig(v){if(!v)return null;v=v.trim();if(!v)return null;if(/^https?:/.test(v))return v;return "https://www.instagram.com/"+v.replace(/^@/,"")+"/";}
  function handle(u){return "@"+u.replace(/\/+$/,"").split("/").pop();}
  function fmt(d){var p=d.split("-");return p[2]+"."+p[1]+".";}
  function render(){
    var data=JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps;
    var root=document.getElementById("__next");
    var s=data.studio;
    var header=h("header",{"class":"Header_header__x2k9a"},[h("a",{"class":"Header_logo__p1Q0s",href:"/",text:"SCHWARZFEDER"}),h("nav",{"class":"Header_nav__Lm3zQ"},[h("a",{href:"#team",text:"Team"}),h("a",{href:"#gaeste",text:"Gäste"}),h("a",{href:"#kontakt",text:"Kontakt"})])]);
    var intro=h("section",{"class":"Home_intro__9fKd2"},[h("h1",{text:s.name}),h("p",{text:data.intro})]);
    var grid=h("div",{"class":"Team_grid__b7Xy1"});
    data.artists.forEach(function(a){
      var u=ig(a.instagram);
      grid.appendChild(h("article",{"class":"Team_card__Qw3e1"},[
        h("img",{src:a.image.src,alt:a.name,width:a.image.width,height:a.image.height,loading:"lazy"}),
        h("h3",{text:a.name}),
        h("p",{"class":"Team_styles__Zx9c0",text:a.styles.join(" / ")}),
        u?h("a",{href:u,target:"_blank",rel:"noreferrer","class":"Team_ig__Tg5r2",text:handle(u)}):h("p",{"class":"Team_noig__Uh1k8",text:"Anfragen über das Studio"}),
        h("span",{"class":"Team_books__Pp2m4",text:a.booksOpen?"Books offen":"Books geschlossen"})
      ]));
    });
    var team=h("section",{id:"team","class":"Team_section__k1Lm2"},[h("h2",{text:"Team"}),grid]);
    var now=data.today, cur=h("ul"), past=h("ul");
    data.guests.forEach(function(g){
      var u=ig(g.instagram);
      var li=h("li",{},[h("strong",{text:g.name}),document.createTextNode(" aus "+g.from+", "+fmt(g.start)+"–"+fmt(g.end)+" "),h("a",{href:u,target:"_blank",rel:"noreferrer",text:handle(u)})]);
      (g.end>=now?cur:past).appendChild(li);
    });
    var guests=h("section",{id:"gaeste","class":"Guests_section__r8Tt1"},[h("h2",{text:"Gastartists"}),h("h3",{text:"Gerade bei uns"}),cur,h("h3",{text:"Vergangene Gastspiele"}),past]);
    var partners=h("p",{"class":"Footer_partners__n2Bb6"},[document.createTextNode("Partner: ")]);
    data.partners.forEach(function(p,i){if(i)partners.appendChild(document.createTextNode(" · "));partners.appendChild(h("a",{href:p.instagram,text:p.name}));});
    var footer=h("footer",{id:"kontakt","class":"Footer_footer__c3Vv7"},[h("p",{text:s.address+" · "+s.hours}),h("p",{},[h("a",{href:"mailto:"+s.email,text:s.email}),document.createTextNode(" · "),h("a",{href:s.instagram,"aria-label":"Instagram"},[h("svg",{viewBox:"0 0 24 24",width:"18",height:"18"})])]),partners,h("p",{},[h("a",{href:"/impressum",text:"Impressum"}),document.createTextNode(" · "),h("a",{href:"/datenschutz",text:"Datenschutz"})])]);
    [header,h("main",{},[intro,team,guests]),footer].forEach(function(x){root.appendChild(x);});
  }
  if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",render);else render();
})();
