(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5728:function(e,t,n){"use strict";n.r(t)}}]);
/* page bundle (hand-reduced for static hosting): renders pageProps into #__next */
(function(){
  var d=JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps;
  function ig(v){ if(!v) return null; v=String(v).replace(/^@/,"").replace(/^https?:\/\/(www\.)?instagram\.com\//,"").replace(/\/.*$/,""); return v; }
  function el(t,c,h){var x=document.createElement(t); if(c) x.className=c; if(h!=null) x.innerHTML=h; return x;}
  var root=document.getElementById("__next");
  var header=el("header","Header_nav__x1",'<a href="/" class="Header_logo__p3">Wattle &amp; Ink</a><nav><a href="#residents">Residents</a> <a href="#guests">Guest spots</a> <a href="#visit">Visit</a> <a href="https://www.instagram.com/'+d.studio.instagram+'/" aria-label="Instagram"><svg width="20" height="20"></svg></a></nav>');
  root.appendChild(header);
  var main=el("main","Home_main__k2");
  main.appendChild(el("h1","Home_title__z9","Custom tattooing on The Parade"));
  var res=el("section","Grid_grid__a8"); res.id="residents";
  res.appendChild(el("h2",null,"Residents"));
  d.residents.forEach(function(a){
    var h=ig(a.social.instagram);
    var card=el("article","Card_card__b7",'<img alt="'+a.image.alt+'" src="'+a.image.src+'" loading="lazy"/><h3>'+a.name+'</h3><p>'+a.bio+'</p>'+(h?'<a href="https://www.instagram.com/'+h+'/" target="_blank" rel="noreferrer">@'+h+'</a>':''));
    res.appendChild(card);
  });
  main.appendChild(res);
  var today=new Date(d.today+"T12:00:00");
  var g=el("section","Guests_guests__m4"); g.id="guests";
  g.appendChild(el("h2",null,"Guest spots"));
  var now=el("div","Guests_now__r1"), past=el("div","Guests_past__q2");
  now.appendChild(el("h3",null,"In the studio now")); past.appendChild(el("h3",null,"Recent guests"));
  d.guests.forEach(function(x){
    var line=el("p",null,'<strong>'+x.name+'</strong> from '+x.from+' · '+x.start+' – '+x.end+' · <a href="https://www.instagram.com/'+x.instagram+'/">@'+x.instagram+'</a>');
    (new Date(x.end+"T23:59:00")<today?past:now).appendChild(line);
  });
  g.appendChild(now); g.appendChild(past); main.appendChild(g);
  var v=el("section","Visit_visit__c0",'<h2>Visit</h2><p>'+d.studio.address+'</p><p>'+d.studio.hours+' · '+d.studio.phone+'</p><p class="Visit_small__u1">Proudly tattooing with '+d.studio.suppliers.map(function(s){return '<a href="https://www.instagram.com/'+s.instagram+'/">'+s.name+'</a>';}).join(", ")+'.</p>');
  v.id="visit"; main.appendChild(v);
  root.appendChild(main);
  root.appendChild(el("footer","Footer_footer__n5",'© 2026 Wattle &amp; Ink Tattoo Pty Ltd · ABN 51 824 753 556 · We acknowledge the Kaurna people, Traditional Owners of the land we work on.'));
})();
