(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(){}}]);
(function(){
  function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c];});}
  function igUrl(v){
    if(!v) return null;
    if(/^https?:\/\//.test(v)) return v;
    return "https://www.instagram.com/"+v.replace(/^@/,"")+"/";
  }
  function igLabel(v){
    if(!v) return "";
    var m=/instagram\.com\/([A-Za-z0-9._]+)/.exec(v);
    return "@"+(m?m[1]:v.replace(/^@/,""));
  }
  function fmt(d){var dt=new Date(d+"T12:00:00");return dt.toLocaleDateString("en-CA",{month:"short",day:"numeric",year:"numeric"});}
  function render(){
    var el=document.getElementById("__NEXT_DATA__");
    if(!el) return;
    var p=JSON.parse(el.textContent).props.pageProps;
    var h='<section class="hero"><h1>Cedar &amp; Spool Tattoo</h1><p>Custom tattooing on Government Street since 2015.</p></section>';
    h+='<section id="artists" class="team"><h2>Resident artists</h2><div class="grid">';
    p.residents.forEach(function(a){
      h+='<article class="card"><img src="'+esc(a.photo)+'" alt="" loading="lazy"><h3>'+esc(a.name)+'</h3><p class="styles">'+esc(a.styles.join(" · "))+'</p><p>'+esc(a.bio)+'</p>';
      if(a.instagram) h+='<a class="ig" href="'+esc(igUrl(a.instagram))+'" target="_blank" rel="noreferrer">'+esc(igLabel(a.instagram))+'</a>';
      else if(a.website) h+='<a class="web" href="'+esc(a.website)+'" target="_blank" rel="noreferrer">Portfolio</a>';
      h+='</article>';
    });
    h+='</div></section><section id="guests" class="guests"><h2>Guest artists</h2><ul>';
    p.guests.forEach(function(g){
      h+='<li><strong>'+esc(g.name)+'</strong> ('+esc(g.city)+') — '+fmt(g.from)+' to '+fmt(g.to)+' · <a href="'+esc(igUrl(g.instagram))+'" target="_blank">'+esc(igLabel(g.instagram))+'</a></li>';
    });
    h+='</ul><h3>Past guests</h3><ul class="past">';
    p.pastGuests.forEach(function(g){
      h+='<li>'+esc(g.name)+' ('+esc(g.city)+'), '+fmt(g.from)+' – '+fmt(g.to)+' · <a href="'+esc(igUrl(g.instagram))+'">'+esc(igLabel(g.instagram))+'</a></li>';
    });
    h+='</ul></section><section class="alumni"><h2>Alumni</h2><ul>';
    p.alumni.forEach(function(a){
      h+='<li>'+esc(a.name)+' ('+esc(a.years)+', '+esc(a.note)+') · <a href="'+esc(igUrl(a.instagram))+'">'+esc(igLabel(a.instagram))+'</a></li>';
    });
    h+='</ul></section><section class="friends"><h2>Friends of the shop</h2><ul>';
    p.friends.forEach(function(f){
      h+='<li>'+esc(f.name)+' ('+esc(f.role)+') · <a href="'+esc(igUrl(f.instagram))+'">'+esc(igLabel(f.instagram))+'</a></li>';
    });
    h+='</ul><p>Follow the studio: <a href="'+esc(p.studio.instagram)+'">'+esc(igLabel(p.studio.instagram))+'</a></p></section>';
    document.getElementById("app-root").innerHTML=h;
  }
  if(document.readyState==="loading") document.addEventListener("DOMContentLoaded",render); else render();
})();
