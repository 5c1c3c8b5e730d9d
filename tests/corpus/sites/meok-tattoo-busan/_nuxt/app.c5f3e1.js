/* app bundle (rendering part only; the rest of the Vue runtime is not needed to show the page) */
(function(){var s=window.__NUXT__.data[0],root=document.getElementById("__layout");
function esc(t){return String(t).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})}
function card(m){return '<li class="member-card"><div class="member-card__img"><img src="/images/members/'+esc(m.insta)+'.webp" alt=""></div><div class="member-card__body"><strong class="member-card__name">'+esc(m.name)+'</strong><span class="member-card__role">'+esc(m.role)+(m.period?' · '+esc(m.period):'')+'</span>'+(m.genre?'<span class="member-card__genre">'+esc(m.genre)+'</span>':'')+'<a class="member-card__insta" href="https://www.instagram.com/'+esc(m.insta)+'" target="_blank">@'+esc(m.insta)+'</a></div></li>'}
window.addEventListener("load",function(){setTimeout(function(){
root.innerHTML='<header class="gnb"><a class="gnb__logo" href="/">먹 타투</a><nav><a href="#members">아티스트</a><a href="#reserve">예약 안내</a><a href="#location">오시는 길</a></nav></header>'+
'<section class="hero"><h1>먹 타투</h1><p>부산 서면, 1:1 프라이빗 타투 스튜디오</p></section>'+
'<section id="members"><h2>아티스트</h2><ul class="member-list">'+s.members.filter(function(m){return m.status==="active"&&m.genre}).map(card).join("")+'</ul>'+
'<h3>게스트</h3><ul class="member-list member-list--guest">'+s.members.filter(function(m){return m.status==="guest"}).map(card).join("")+'</ul>'+
'<h3>예약 · 상담</h3><ul class="member-list member-list--staff">'+s.members.filter(function(m){return m.status==="active"&&!m.genre}).map(card).join("")+'</ul></section>'+
'<section id="reserve"><h2>예약 안내</h2><p>모든 예약은 카카오톡 채널로 받습니다. 예약금 5만원.</p><a class="btn" href="'+s.studio.kakao+'">카카오톡 상담하기</a></section>'+
'<section id="press"><h2>언론 보도</h2>'+s.press.map(function(p){return '<p>'+esc(p.title)+' — <a href="https://www.instagram.com/'+p.insta+'/">@'+p.insta+'</a></p>'}).join("")+'</section>'+
'<section id="location"><h2>오시는 길</h2><p>'+esc(s.studio.address)+'</p><div id="naver-map" style="height:300px"></div></section>'+
'<footer><a href="https://www.instagram.com/'+s.studio.insta+'/">인스타그램</a> · <a href="https://blog.naver.com/meoktattoo">네이버 블로그</a><p>상호: 먹타투 | 사업자등록번호: 000-00-00000 | © 2026</p></footer>';
},200)});})();
