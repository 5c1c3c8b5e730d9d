(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(e,t,n){"use strict";}}]);
/* page hydration: draw roster from the static props */
(function(){
  function esc(s){return String(s).replace(/[&<>"']/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;","'":"&#39;"}[c];});}
  function fmt(d){var m=["jan","feb","mar","apr","maj","jun","jul","aug","sep","okt","nov","dec"];var p=d.split("-");return parseInt(p[2],10)+" "+m[parseInt(p[1],10)-1]+" "+p[0];}
  function run(){
    var el=document.getElementById("__NEXT_DATA__");if(!el)return;
    var props=JSON.parse(el.textContent).props.pageProps;
    var grid=document.querySelector(".Team_grid__aB4cD");
    grid.innerHTML=props.tatuerare.filter(function(t){return t.aktiv;}).map(function(t){
      var ig=t.instagram?'<a class="Card_ig__c0Rq1" href="https://www.instagram.com/'+esc(t.instagram)+'/" target="_blank" rel="noreferrer">@'+esc(t.instagram)+'</a>':'<p class="Card_note__Wq2aS">'+esc(t.kommentar||"")+'</p>';
      return '<article class="Card_card__Hh2sX"><img src="/bilder/'+esc(t.id)+'.webp" alt="" loading="lazy"/><h3>'+esc(t.namn)+'</h3><p class="Card_role__Pp9dT">'+esc(t.roll)+' · '+esc(t.stil)+'</p>'+ig+'</article>';
    }).join("");
    var idag=props.idag, nu=[], forr=[];
    props.gaster.forEach(function(g){(g.datum.till>=idag?nu:forr).push(g);});
    var html="";
    if(nu.length){html+='<h3>Just nu och kommande</h3>'+nu.map(function(g){return '<article class="Guest_guest__Ve4tA"><h4>'+esc(g.namn)+' <small>från '+esc(g.fran)+'</small></h4><p>'+fmt(g.datum.fran)+' – '+fmt(g.datum.till)+'</p><a href="https://www.instagram.com/'+esc(g.instagram)+'/">@'+esc(g.instagram)+'</a></article>';}).join("");}
    if(forr.length){html+='<h3>Tidigare gäster</h3><ul class="Guest_past__Lm2pD">'+forr.map(function(g){return '<li>'+esc(g.namn)+' ('+esc(g.fran)+'), '+fmt(g.datum.fran)+' – '+fmt(g.datum.till)+' – tack för besöket!</li>';}).join("")+'</ul>';}
    document.querySelector(".Guests_list__kP3wq").innerHTML=html;
  }
  if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",run);else run();
})();
