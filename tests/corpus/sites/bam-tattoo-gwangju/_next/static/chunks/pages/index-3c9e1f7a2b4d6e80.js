(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(){}}]);
/* static export fallback renderer (hydrates the page from __NEXT_DATA__) */
(function(){
  function ig(v){ if(!v) return null; var m=String(v).match(/instagram\.com\/([^\/?#]+)/i); var h=m?m[1]:String(v).replace(/^@/,''); return {url:'https://www.instagram.com/'+h+'/', label:'@'+h}; }
  function esc(s){ return String(s).replace(/[&<>"]/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];}); }
  function render(){
    var data = JSON.parse(document.getElementById('__NEXT_DATA__').textContent).props.pageProps;
    var s = data.site, h = '';
    h += '<header class="sticky top-0 z-40 flex items-center justify-between px-6 py-4 backdrop-blur"><a href="/" class="font-bold tracking-[0.3em]">'+esc(s.nameEn)+'</a><nav class="flex gap-6 text-sm"><a href="#artists">아티스트</a><a href="#info">안내</a><a href="#contact">오시는 길</a><a href="'+esc(s.kakao)+'" class="rounded-full bg-amber-400 px-4 py-1 text-black">카톡 예약</a></nav></header>';
    h += '<section class="px-6 py-24 text-center"><h1 class="text-4xl font-black">'+esc(data.hero.title)+'</h1><p class="mt-4 text-neutral-400">'+esc(data.hero.subtitle)+'</p><p class="mt-6 inline-block rounded bg-neutral-800 px-4 py-2 text-sm">'+esc(data.notice)+'</p></section>';
    h += '<section id="artists" class="px-6 py-16"><h2 class="mb-8 text-2xl font-bold">아티스트</h2><ul class="grid grid-cols-2 gap-6 md:grid-cols-4">';
    data.members.filter(function(m){return m.active && !m.staff;}).forEach(function(m){
      var i = ig(m.instagram);
      h += '<li class="group"><img class="aspect-[3/4] w-full object-cover grayscale group-hover:grayscale-0" src="'+esc(m.image)+'" alt="'+esc(m.name)+'"/><h3 class="mt-3 text-lg font-semibold">'+esc(m.name)+' <span class="text-xs text-neutral-500">'+esc(m.nameEn)+'</span></h3><p class="text-sm text-neutral-400">'+esc(m.role)+' · '+esc(m.genres.join(', '))+'</p>'+(i?'<a class="text-sm text-amber-400" href="'+i.url+'" target="_blank" rel="noreferrer">'+esc(i.label)+'</a>':'<p class="text-sm text-neutral-500">인스타그램 없음 · 카톡으로 문의</p>')+'</li>';
    });
    h += '</ul>';
    var staff = data.members.filter(function(m){return m.staff;});
    if (staff.length) { h += '<div class="mt-12 border-t border-neutral-800 pt-6 text-sm text-neutral-400"><h3 class="mb-2 font-semibold text-neutral-200">상담 · 예약</h3>'; staff.forEach(function(m){ var i=ig(m.instagram); h += '<p>'+esc(m.name)+' ('+esc(m.role)+')'+(i?' — <a href="'+i.url+'">'+esc(i.label)+'</a>':'')+'</p>'; }); h += '</div>'; }
    h += '</section>';
    h += '<section id="info" class="bg-neutral-900 px-6 py-16"><h2 class="mb-4 text-2xl font-bold">안내</h2><ul class="list-disc pl-5 text-neutral-300"><li>만 19세 이상만 작업 가능합니다 (신분증 지참).</li><li>예약금 5만원은 작업비에서 차감됩니다.</li><li>리터치는 3개월 이내 1회 무료.</li></ul></section>';
    h += '<footer id="contact" class="px-6 py-12 text-sm text-neutral-400"><p>'+esc(s.name)+' · '+esc(s.address)+' · '+esc(s.phone)+'</p><p>'+esc(s.hours)+'</p><p class="mt-4"><a href="'+esc(s.instagram)+'" aria-label="Instagram">Instagram</a></p><p class="mt-4 text-xs">Partners: '+data.partners.map(function(p){return esc(p.name);}).join(' · ')+'</p></footer>';
    document.getElementById('__next').innerHTML = '<div class="min-h-screen bg-neutral-950 text-neutral-100">'+h+'</div>';
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', render); else render();
})();
