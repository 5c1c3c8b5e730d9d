(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(){}}]);
// rendered page: reads the static props and draws the page (compiled from pages/index.jsx)
(function(){
  function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})}
  function igUrl(v){if(!v)return null;v=String(v).trim();if(/^https?:/.test(v))return v;return "https://www.instagram.com/"+v.replace(/^@/,"")+"/"}
  function igName(v){return String(v).replace(/^https?:\/\/(www\.)?instagram\.com\//,"").replace(/^@/,"").replace(/\/$/,"")}
  function nl(d){var m=["januari","februari","maart","april","mei","juni","juli","augustus","september","oktober","november","december"];var p=d.split("-");return parseInt(p[2],10)+" "+m[parseInt(p[1],10)-1]+" "+p[0]}
  function draw(){
    var el=document.getElementById("__NEXT_DATA__");var root=document.getElementById("__next");
    if(!el||!root)return;
    var P=JSON.parse(el.textContent).props.pageProps,S=P.studio,today=P.vandaag;
    var h='<header class="Header_header__x1"><a href="/" class="Header_logo__x2">'+esc(S.naam)+'</a><nav class="Header_nav__x3"><a href="#team">Team</a><a href="#gasten">Gasten</a><a href="#contact">Contact</a><a class="Header_cta__x4" href="'+esc(S.boekenUrl)+'">Afspraak maken</a></nav></header>';
    h+='<main><section class="Hero_hero__a1"><h1>Tattoos in hartje Leeuwarden</h1><p>'+esc(P.intro)+'</p></section>';
    h+='<section id="team" class="Team_team__b1"><h2>Het team</h2><div class="Team_grid__b2">';
    P.team.filter(function(t){return t.status==="actief"}).forEach(function(t){
      var link=t.instagram?'<a class="Team_ig__b4" href="'+esc(igUrl(t.instagram))+'" target="_blank" rel="noreferrer">@'+esc(igName(t.instagram))+'</a>':(t.website?'<a class="Team_site__b5" href="'+esc(t.website)+'" target="_blank" rel="noreferrer">Website</a>':'');
      h+='<article class="Team_card__b3"><img src="'+esc(t.foto)+'" alt="" loading="lazy"/><h3>'+esc(t.naam)+'</h3><p>'+esc(t.rol)+'</p>'+link+'</article>';
    });
    h+='</div></section><section id="gasten" class="Gasten_gasten__c1"><h2>Gastartiesten</h2>';
    var nu=[],later=[],eerder=[];
    P.gasten.forEach(function(g){if(g.tot<today)eerder.push(g);else if(g.van<=today)nu.push(g);else later.push(g)});
    function list(title,arr){if(!arr.length)return "";var s='<h3>'+title+'</h3><ul>';arr.forEach(function(g){s+='<li><strong>'+esc(g.naam)+'</strong> ('+esc(g.stad)+') — '+nl(g.van)+' t/m '+nl(g.tot)+' · <a href="'+esc(igUrl(g.instagram))+'" target="_blank" rel="noreferrer">@'+esc(igName(g.instagram))+'</a></li>'});return s+'</ul>'}
    h+=list("Nu in de studio",nu)+list("Binnenkort",later)+list("Eerder te gast",eerder);
    h+='</section><section id="contact" class="Contact_contact__d1"><h2>Contact</h2><p>'+esc(S.adres)+' · '+esc(S.telefoon)+' · '+esc(S.openingstijden)+'</p></section></main>';
    h+='<footer class="Footer_footer__e1"><a href="'+esc(S.socials.instagram)+'" aria-label="Instagram">Instagram</a> · <a href="'+esc(S.socials.facebook)+'" aria-label="Facebook">Facebook</a><p>Foto\'s: @'+esc(P.credits.fotografie)+'</p><p>© 2026 '+esc(S.naam)+'</p></footer>';
    root.innerHTML=h;
  }
  if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",draw);else draw();
})();
