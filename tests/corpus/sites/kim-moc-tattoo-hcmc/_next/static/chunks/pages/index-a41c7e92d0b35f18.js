(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(){}}]);
(function(){
  function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})}
  function igHref(v){if(!v)return null;v=String(v).trim();if(/^https?:\/\//.test(v))return v;return "https://www.instagram.com/"+v.replace(/^@/,"")+"/"}
  function igLabel(v){var h=igHref(v);return h?"@"+h.replace(/^https?:\/\/(www\.)?instagram\.com\//,"").replace(/\/$/,""):""}
  function render(){
    var el=document.getElementById("__next"),d=JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps,s=d.studio;
    var h='<header class="Header_header__x1Y2z"><a href="/" class="Header_logo__a8Bc2">KIM MỘC</a><nav><a href="#nghe-si">Nghệ sĩ</a><a href="#lien-he">Liên hệ</a><a href="'+esc(s.instagram)+'" aria-label="Instagram" class="Header_ig__q3T"><svg width="18" height="18" viewBox="0 0 24 24"><rect x="3" y="3" width="18" height="18" rx="5"/></svg></a></nav></header>';
    h+='<main><section class="Hero_hero__Qe7r1"><h1>'+esc(d.hero.title)+'</h1><p>'+esc(d.hero.subtitle)+'</p></section>';
    h+='<section id="nghe-si" class="Artists_wrap__Lk0p9"><h2>Nghệ sĩ</h2><div class="Artists_grid__m2Pq7">';
    d.artists.filter(function(a){return a.active}).forEach(function(a){
      var ig=a.socials&&a.socials.instagram;
      h+='<article class="ArtistCard_card__Zr4t1"><img src="'+esc(a.avatar.url)+'" alt="'+esc(a.name)+'" loading="lazy"/><h3>'+esc(a.name)+'</h3><p class="ArtistCard_role__b2">'+esc(a.role)+' · '+esc(a.styles.join(", "))+'</p>'+(ig?'<a href="'+esc(igHref(ig))+'" target="_blank" rel="noreferrer">'+esc(igLabel(ig))+'</a>':'<span class="ArtistCard_nosocial__c9">Đặt lịch qua hotline</span>')+'</article>';
    });
    h+='</div>';
    if(d.alumni&&d.alumni.length){h+='<details class="Artists_alumni__v8"><summary>Từng làm việc tại Kim Mộc</summary><ul>'+d.alumni.map(function(x){return '<li>'+esc(x.name)+' ('+esc(x.note)+') – <a href="'+esc(igHref(x.instagram))+'">'+esc(igLabel(x.instagram))+'</a></li>'}).join("")+'</ul></details>'}
    h+='</section><section class="Partners_wrap__n1"><h2>Đối tác</h2><ul>'+d.partners.map(function(p){return '<li>'+esc(p.label)+': <a href="'+esc(igHref(p.instagram))+'">'+esc(p.name)+'</a></li>'}).join("")+'</ul></section>';
    h+='<section id="lien-he" class="Contact_wrap__t5"><h2>Liên hệ</h2><p>'+esc(s.address)+'</p><p>'+esc(s.phone)+' · '+esc(s.hours)+'</p><iframe title="map" loading="lazy" src="https://www.google.com/maps?q=58+Tran+Quoc+Thao+Quan+3&output=embed"></iframe></section></main>';
    h+='<footer class="Footer_footer__p0"><p>© 2026 Kim Mộc Tattoo · <a href="'+esc(s.instagram)+'">Instagram</a> · <a href="'+esc(s.facebook)+'">Facebook</a></p></footer>';
    el.innerHTML=h;
  }
  if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",render);else render();
})();
