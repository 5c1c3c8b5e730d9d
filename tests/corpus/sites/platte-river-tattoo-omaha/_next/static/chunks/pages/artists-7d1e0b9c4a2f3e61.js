(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[871],{4211:function(e,t,n){"use strict";
/* pages/artists.tsx — the masonry grid is client-only (dynamic(..., {ssr:false})) */
function h(i){if(!i)return null;var m=String(i).match(/instagram\.com\/([A-Za-z0-9._]+)/);return m?m[1]:String(i).replace(/^@/,"").trim()}
function x(s){return String(s).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})}
function ig(i){var k=h(i);return k?'<a class="Card_ig__w3Rr7" href="https://www.instagram.com/'+x(k)+'/" target="_blank" rel="noreferrer">@'+x(k)+"</a>":""}
function fmt(d){var m=["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"],p=d.split("-");return m[+p[1]-1]+" "+ +p[2]+", "+p[0]}
function r(){var d=JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps,o=document.querySelector(".Masonry_placeholder__z0Aa9");if(!o)return;
var today="2026-12-07",a='<section class="Artists_grid__V2bB8">';
d.residents.forEach(function(p){a+='<article class="Card_card__e5Ff6"><img class="Card_img__Hh7Jj" alt="" loading="lazy" src="'+x(p.photo.url)+'"/><h2 class="Card_name__Ll8Kk">'+x(p.name)+'</h2><p class="Card_meta__Oo9Pp">'+x(p.title)+" · "+x(p.styles.join(", "))+"</p>"+ig(p.instagram)+(p.website?'<a class="Card_web__Uu1Ii" href="'+x(p.website)+'">Website</a>':"")+"</article>"});
a+="</section>";var g=d.guests.filter(function(q){return q.end>=today});
if(g.length){a+='<section class="Artists_guests__Jj3Kk"><h2>Guest artists</h2>';g.forEach(function(q){a+='<article class="Card_card__e5Ff6 Card_guest__Ss4Tt"><h3 class="Card_name__Ll8Kk">'+x(q.name)+'</h3><p class="Card_meta__Oo9Pp">From '+x(q.from)+" · "+fmt(q.start)+" – "+fmt(q.end)+"</p>"+ig(q.instagram)+"</article>"});a+="</section>"}
o.outerHTML=a}
"loading"===document.readyState?document.addEventListener("DOMContentLoaded",r):r()}},function(e){e(e.s=4211)}]);
