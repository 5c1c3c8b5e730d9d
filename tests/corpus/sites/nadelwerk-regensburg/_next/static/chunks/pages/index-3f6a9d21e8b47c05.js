(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(e,t,n){"use strict";}}]);
// page bundle for "/": renders team and guests from the static props
(function(){
  function ready(f){ if(document.readyState!=="loading") f(); else document.addEventListener("DOMContentLoaded", f); }
  function esc(s){ return String(s).replace(/[&<>"]/g,function(c){return {"&":"&amp;","<":"&lt;",">":"&gt;","\"":"&quot;"}[c];}); }
  function ig(v){ if(!v) return null; var m=String(v).match(/instagram\.com\/([^\/?#]+)/); return (m?m[1]:String(v)).replace(/^@/,""); }
  function fmt(d){ var p=d.split("-"); return p[2]+"."+p[1]+"."+p[0]; }
  ready(function(){
    var raw=document.getElementById("__NEXT_DATA__"); if(!raw) return;
    var props=JSON.parse(raw.textContent).props.pageProps;
    var today="2026-12-07";
    var team=document.getElementById("team");
    var h='<h2>Unser Team</h2><div class="Team_grid__Zx9Yb">';
    props.team.filter(function(a){ return a.aktiv && a.tätowiert!==false; }).forEach(function(a){
      var handle=ig(a.social && a.social.instagram);
      h+='<article class="Card_card__Mn4Op"><div class="Card_img__Ty6Ui" aria-hidden="true"></div><h3>'+esc(a.name)+'</h3><p class="Card_role__Ab3Cd">'+esc(a.rolle)+' · '+esc(a.stile.join(", "))+'</p>'+
         (handle?'<a class="Card_ig__Ef5Gh" href="https://www.instagram.com/'+esc(handle)+'/" target="_blank" rel="noreferrer">@'+esc(handle)+'</a>':'')+
         (a.hinweis?'<p class="Card_note__Ij7Kl">'+esc(a.hinweis)+'</p>':'')+'</article>';
    });
    h+='</div>';
    var piercer=props.team.filter(function(a){ return a.aktiv && a.tätowiert===false; });
    if(piercer.length){ h+='<h3>Piercing</h3><ul>'; piercer.forEach(function(a){ var hd=ig(a.social.instagram); h+='<li>'+esc(a.name)+(hd?' – <a href="https://www.instagram.com/'+esc(hd)+'/">@'+esc(hd)+'</a>':'')+'</li>'; }); h+='</ul>'; }
    team.innerHTML=h;
    var g=document.getElementById("gaeste");
    var now=props.gaeste.filter(function(x){ return x.bis>=today; });
    var gh='<h2>Gastartists</h2>';
    now.forEach(function(x){ gh+='<div class="Guest_row__Mn0Pq"><strong>'+esc(x.name)+'</strong> aus '+esc(x.herkunft)+' · '+fmt(x.von)+' – '+fmt(x.bis)+' · <a href="https://www.instagram.com/'+esc(x.instagram)+'/">@'+esc(x.instagram)+'</a></div>'; });
    g.innerHTML=gh;
  });
})();
