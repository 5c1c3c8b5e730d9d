(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[312],{7412:function(){}}]);
(function(){
  "use strict";
  function ig(v){
    if(!v) return null;
    var m=String(v).match(/instagram\.com\/([A-Za-z0-9._]+)/);
    return (m?m[1]:String(v)).replace(/^@/,"").replace(/\/$/,"");
  }
  function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
  function igLink(h){var a=el("a","Card_ig__k8L9m","@"+h);a.href="https://www.instagram.com/"+h+"/";a.target="_blank";a.rel="noopener noreferrer";return a;}
  function render(){
    var data=JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps;
    var main=document.querySelector("main");
    main.innerHTML="";
    main.appendChild(el("h1",null,data.titulo));
    main.appendChild(el("p","Equipo_intro__n0O1p",data.intro));
    var grid=el("div","Equipo_grid__q2R3s");
    data.equipo.forEach(function(p){
      var c=el("article","Card_card__t4U5v");
      c.appendChild(el("h2","Card_name__w6X7y",p.nombre));
      c.appendChild(el("p","Card_role__z8A9b",p.rol+" · "+p.estilos.join(", ")));
      var h=ig(p.redes&&p.redes.instagram);
      if(h) c.appendChild(igLink(h)); else c.appendChild(el("p","Card_noig__c0D1e","Citas por WhatsApp al estudio"));
      grid.appendChild(c);
    });
    main.appendChild(grid);
    var ahora=data.invitados.filter(function(g){return g.estado==="aqui"||g.estado==="proximo";});
    var antes=data.invitados.filter(function(g){return g.estado==="paso";});
    if(ahora.length){
      main.appendChild(el("h2",null,"Artistas invitados"));
      ahora.forEach(function(g){
        var c=el("article","Card_card__t4U5v Card_guest__f2G3h");
        c.appendChild(el("h3","Card_name__w6X7y",g.nombre+" ("+g.ciudad+")"));
        c.appendChild(el("p",null,"Con nosotros del "+g.desde+" al "+g.hasta));
        c.appendChild(igLink(ig(g.instagram)));
        main.appendChild(c);
      });
    }
    if(antes.length){
      main.appendChild(el("h3",null,"Ya nos visitaron"));
      var ul=el("ul");
      antes.forEach(function(g){var li=el("li",null,g.nombre+" ("+g.ciudad+", "+g.desde+" – "+g.hasta+") ");li.appendChild(igLink(ig(g.instagram)));ul.appendChild(li);});
      main.appendChild(ul);
    }
  }
  if(document.readyState==="loading") document.addEventListener("DOMContentLoaded",render); else render();
})();
