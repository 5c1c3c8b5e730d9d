(window.webpackJsonp=window.webpackJsonp||[]).push([[1],{}]);
!function(){var N=window.__NUXT__,P=N.data[0],C=N.config,h=function(s){return String(s==null?"":s).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})};
function card(x){var ig=x.insta?'<a class="artist-card__insta" href="https://www.instagram.com/'+h(x.insta)+'/" target="_blank" rel="noopener">@'+h(x.insta)+'</a>':'<span class="artist-card__insta artist-card__insta--none">카카오톡 채널로 문의</span>';
return '<li class="artist-card" data-v-3a1c9e02><img class="artist-card__img" src="'+h(x.thumb)+'" alt="'+h(x.name)+'" data-v-3a1c9e02><div class="artist-card__body" data-v-3a1c9e02><p class="artist-card__role">'+h(x.role)+'</p><h3 class="artist-card__name">'+h(x.name)+' <small>'+h(x.nameEn)+'</small></h3><p class="artist-card__genre">'+h(x.genre)+'</p>'+ig+'</div></li>'}
var tattooists=P.artists.filter(function(x){return x.role==="타투이스트"}),others=P.artists.filter(function(x){return x.role!=="타투이스트"});
var html='<div class="layout" data-v-7d2a11f0><header class="gnb"><a href="/" class="gnb__logo">별빛타투</a><nav><a href="/">홈</a><a href="/portfolio">포트폴리오</a><a href="/faq">FAQ</a><a href="'+h(C.kakao)+'">예약 문의</a></nav></header>'+
'<main><section class="artists"><h1>'+h(P.page.title)+'</h1><p>'+h(P.page.intro)+'</p><ul class="artists__list">'+tattooists.map(card).join("")+'</ul></section>'+
'<section class="team-etc"><h2>스튜디오 스태프</h2><ul>'+others.map(function(x){return '<li>'+h(x.name)+' — '+h(x.role)+(x.insta?' · <a href="https://instagram.com/'+h(x.insta)+'">인스타그램</a>':'')+'</li>'}).join("")+'</ul></section>'+
'<section class="partners"><h2>함께하는 브랜드</h2><ul>'+C.partners.map(function(p){return '<li>'+h(p.label)+': <a href="https://www.instagram.com/'+h(p.insta)+'/">'+h(p.name)+'</a></li>'}).join("")+'</ul></section></main>'+
'<footer class="footer"><p>광주광역시 동구 동명로 14번길 22, 2층 · 사업자등록번호 410-12-34567</p><a class="footer__ig" href="https://www.instagram.com/'+h(C.studioInsta)+'/" aria-label="별빛타투 인스타그램"><i class="icon-instagram"></i></a><p>© 2026 별빛타투</p></footer></div>';
document.getElementById("__layout").innerHTML=html;}();
