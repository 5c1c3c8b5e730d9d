(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(e,t,n){"use strict";
/* client-only render of the home page sections (dynamic(..., {ssr:false})) */
}}]);
(function(){
  function esc(s){return String(s==null?"":s).replace(/[&<>"]/g,function(c){return {"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c];});}
  function ig(v){if(!v)return null;v=String(v);if(/^https?:/.test(v))return v;return "https://www.instagram.com/"+v.replace(/^@/,"")+"/";}
  function handleOf(u){var m=String(u).match(/instagram\.com\/([^\/?#]+)/);return m?m[1]:u;}
  function render(){
    var el=document.getElementById("__NEXT_DATA__");if(!el)return;
    var d=JSON.parse(el.textContent).props.pageProps;
    var team=document.getElementById("team");
    var cards=d.artists.filter(function(a){return a.active;}).map(function(a){
      var u=ig(a.socials&&a.socials.instagram);
      return '<article class="artistCard_card__Tz1Aq"><h3 class="artistCard_name__Vb2Nc">'+esc(a.name)+'</h3>'+
        '<p class="artistCard_role__Xc3Dv">'+esc(a.role)+'</p><p class="artistCard_bio__Yd4Ew">'+esc(a.bio)+'</p>'+
        (u?'<a class="artistCard_ig__Ze5Fx" href="'+esc(u)+'" target="_blank" rel="noreferrer">@'+esc(handleOf(u))+'</a>':'')+'</article>';
    }).join("");
    team.innerHTML='<h2>Η ομάδα</h2><div class="home_grid__Nm6Gh">'+cards+'</div>';
    document.getElementById("partners").innerHTML=d.partners.map(function(p){
      return '<a href="'+esc(p.instagram)+'" target="_blank" rel="noreferrer">'+esc(p.label)+': '+esc(p.name)+'</a>';
    }).join(" · ")+' · <a href="'+esc(d.studio.instagram)+'" aria-label="Instagram">Instagram</a>';
  }
  if(document.readyState==="loading"){document.addEventListener("DOMContentLoaded",render);}else{render();}
})();
