(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(e,t,n){(window.__NEXT_P=window.__NEXT_P||[]).push(["/",function(){return n(4369)}])}}]);
(function(){"use strict";
function esc(s){return String(s==null?"":s).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})}
function ig(v){if(!v)return null;var m=String(v).match(/instagram\.com\/([A-Za-z0-9._]+)/);return m?m[1]:String(v).replace(/^@/,"")}
function render(){var root=document.getElementById("__next");if(!root||root.childElementCount)return;
var d=JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps,s=d.site;
var h='<header class="Header_header__x8Qp1"><a class="Header_logo__3kLm2" href="/">'+esc(s.naam)+'</a><nav class="Header_nav__9aZ0c"><a href="#team">Team</a><a href="#afspraak">Afspraak</a><a href="#contact">Contact</a></nav></header>';
h+='<main class="Home_main__Tq7v0"><section class="Home_hero__bW2f1"><h1>Tattoo &amp; piercing op het Zuid</h1><p>'+esc(d.intro)+'</p></section>';
h+='<section id="team" class="Team_section__kP4s8"><h2>Het team</h2><div class="Team_grid__Zr1aa">';
d.team.forEach(function(m){var i=ig(m.socials&&m.socials.instagram);
h+='<article class="TeamCard_card__Q2w7e"><img alt="'+esc(m.naam)+'" src="'+esc(m.foto)+'" loading="lazy" decoding="async" width="400" height="500"/><h3 class="TeamCard_name__m1Ls0">'+esc(m.naam)+'</h3><p class="TeamCard_role__h8Gg2">'+esc(m.rol)+'</p>'+(m.stijl?'<p class="TeamCard_style__4cVv9">'+esc(m.stijl)+'</p>':'')+(i?'<a class="TeamCard_ig__aa3Xk" href="https://www.instagram.com/'+esc(i)+'/" target="_blank" rel="noreferrer" aria-label="Instagram van '+esc(m.naam)+'"><svg viewBox="0 0 24 24" width="20" height="20"><path d="M12 2.2c3.2 0 3.6 0 4.8.1z"></path></svg></a>':'')+'</article>'});
h+='</div></section><section id="afspraak" class="Home_booking__p0Q3r"><h2>Afspraak maken</h2><p>Stuur je idee via e-mail naar <a href="mailto:'+esc(s.email)+'">'+esc(s.email)+'</a>. Voorschot €75.</p></section></main>';
h+='<footer id="contact" class="Footer_footer__Kd9u1"><p>'+esc(s.naam)+' · '+esc(s.adres)+' · '+esc(s.telefoon)+'</p><p>'+esc(s.openingsuren)+'</p><p><a href="'+esc(s.instagram)+'" target="_blank" rel="noreferrer">Instagram</a></p><p class="Footer_partners__7yTr4">Wij werken met: '+d.partners.map(function(p){return '<a href="'+esc(p.url)+'" target="_blank" rel="noreferrer">'+esc(p.naam)+'</a>'}).join(" · ")+'</p><p>© 2026 '+esc(s.naam)+'</p></footer>';
root.innerHTML=h}
if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",render);else render();})();
