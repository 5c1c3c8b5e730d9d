(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(e,t,n){"use strict";}}]);
!function(){var d=JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps,r=document.getElementById("__next");
function x(s){return String(s==null?"":s).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})}
function ig(s){if(!s)return null;if(s.ig){var u=s.ig.replace(/^@/,"");return{u:u,h:"https://www.instagram.com/"+u}}if(s.instagramUrl){var m=s.instagramUrl.match(/instagram\.com\/([^/?#]+)/);return{u:m[1],h:s.instagramUrl}}return null}
var st=d.studio,h='<header class="Header_wrap__x1Fq2"><a class="Header_logo__9kLm3" href="/">'+x(st.name)+' <span>'+x(st.nameEn)+'</span></a><nav><a href="#artists">纹身师</a><a href="#guest">客座</a><a href="#visit">到店</a></nav></header>';
h+='<main class="Home_main__aZ3qP"><section class="Home_hero__Kp2Lm"><h1>玉林路上的原创纹身</h1><p>'+x(d.intro)+'</p></section>';
h+='<section id="artists" class="Artists_grid__7HtQm"><h2>驻店纹身师</h2>';
d.artists.forEach(function(a){var g=ig(a.social);h+='<article class="ArtistCard_card__Qw8Ee"><img alt="'+x(a.name)+'" src="'+x(a.avatar)+'" loading="lazy"/><h3>'+x(a.name)+' <small>'+x(a.pinyin)+'</small></h3><p class="ArtistCard_styles__p0o9i">'+a.styles.map(x).join(" / ")+'</p><p>'+x(a.bio)+'</p>'+(g?'<a class="ArtistCard_ig__Lk3Jh" href="'+x(g.h)+'" target="_blank" rel="noreferrer">Instagram @'+x(g.u)+'</a>':'')+'</article>'});
h+='</section><section id="guest"><h2>客座艺术家</h2><ul>';
d.guests.forEach(function(g){h+='<li'+(g.ended?' class="Guest_ended__u7Y6t"':'')+'>'+x(g.name)+'（'+x(g.from)+'）'+x(g.dates)+(g.ended?' · 已结束':'')+' · <a href="https://www.instagram.com/'+x(g.instagram)+'/">@'+x(g.instagram)+'</a></li>'});
h+='</ul><p>近期暂无客座安排，敬请关注工作室 Instagram。</p></section>';
h+='<section class="Posts_row__b2N4k"><h2>最新作品</h2>'+d.latestPosts.map(function(p){return'<a href="'+x(p.url)+'" target="_blank">'+x(p.caption)+'</a>'}).join("")+'</section>';
h+='<section id="visit"><h2>到店</h2><p>'+x(st.address)+'</p><p>'+x(st.hours)+'</p><p>微信：'+x(st.wechat)+' · 小红书：'+x(st.xiaohongshu)+'</p></section></main>';
h+='<footer><p>合作伙伴：'+d.partners.map(function(p){return x(p.label)+' '+x(p.name)+' <a href="https://instagram.com/'+x(p.instagram)+'">@'+x(p.instagram)+'</a>'}).join("")+'</p><p><a href="'+x(st.instagram)+'">Instagram</a> · © 2026 青山纹身 · 蜀ICP备2023012345号-1</p></footer>';
r.innerHTML=h}();
