(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(){}}]);
/* page bundle (hand-trimmed build output): hydrates the home page from __NEXT_DATA__ */
(function(){
  function esc(s){return String(s).replace(/[&<>"]/g,function(c){return {"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c];});}
  function ig(v){if(!v)return null;v=String(v);var m=v.match(/instagram\.com\/([^/?#]+)/);return (m?m[1]:v).replace(/^@/,"");}
  function render(){
    var data=JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps;
    var s=data.studio, h="";
    h+='<header class="site-header"><a href="/" class="logo">'+esc(s.name)+'</a><nav><a href="#artists">Artists</a><a href="#guests">Guest spots</a><a href="'+esc(s.bookingUrl)+'">Book</a></nav></header>';
    h+='<main><section class="hero"><h1>Tattoos in Mid City, Baton Rouge</h1><p>'+esc(s.hours)+' · '+esc(s.address)+'</p></section>';
    h+='<section id="artists"><h2>Artists</h2><div class="grid">';
    data.artists.forEach(function(a){
      var handle=ig(a.socials&&a.socials.instagram);
      h+='<article class="card"><h3>'+esc(a.name)+'</h3><p class="title">'+esc(a.title)+'</p><p>'+a.styles.map(esc).join(" · ")+'</p>';
      if(handle) h+='<a href="https://www.instagram.com/'+esc(handle)+'/" target="_blank" rel="noreferrer">@'+esc(handle)+'</a>';
      else if(a.socials&&a.socials.tiktok) h+='<a href="https://www.tiktok.com/@'+esc(a.socials.tiktok)+'">TikTok @'+esc(a.socials.tiktok)+'</a>';
      h+='</article>';
    });
    h+='</div></section><section id="guests"><h2>Guest spots</h2>';
    var up=data.guests.filter(function(g){return g.status==="upcoming"||g.status==="current";});
    var past=data.guests.filter(function(g){return g.status==="past";});
    up.forEach(function(g){h+='<p class="guest"><strong>'+esc(g.name)+'</strong> from '+esc(g.city)+' — '+esc(g.from)+' to '+esc(g.to)+' · <a href="https://www.instagram.com/'+esc(ig(g.instagram))+'/">@'+esc(ig(g.instagram))+'</a></p>';});
    if(past.length){h+='<h3>Recently visited</h3><ul>';past.forEach(function(g){h+='<li>'+esc(g.name)+' ('+esc(g.city)+'), '+esc(g.from)+'</li>';});h+='</ul>';}
    h+='</section><section class="team"><h2>Front of house</h2>';
    data.team.forEach(function(t){h+='<p>'+esc(t.name)+' — '+esc(t.title)+' · <a href="https://www.instagram.com/'+esc(t.instagram)+'/">@'+esc(t.instagram)+'</a></p>';});
    h+='</section><section class="press">';
    data.press.forEach(function(p){h+='<p>★ '+esc(p.title)+' — <a href="https://www.instagram.com/'+esc(p.instagram)+'/">'+esc(p.outlet)+'</a></p>';});
    h+='</section></main><footer><p>© 2026 '+esc(s.name)+' · '+esc(s.phone)+' · <a href="https://www.instagram.com/'+esc(s.instagram)+'/">Instagram</a></p></footer>';
    document.getElementById("__next").innerHTML=h;
  }
  if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",render);else render();
})();
