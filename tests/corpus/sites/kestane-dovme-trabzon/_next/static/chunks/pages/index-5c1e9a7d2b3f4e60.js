(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{5557:function(){}}]);
(function(){
  function h(t){return String(t).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})}
  function render(){
    var data=JSON.parse(document.getElementById("__NEXT_DATA__").textContent);
    var ekip=data.props.pageProps.ekip.filter(function(k){return k.aktif});
    var grid=document.querySelector(".Team_grid__9PxQa");
    grid.innerHTML=ekip.map(function(k){
      var ig=k.sosyal&&k.sosyal.instagram;
      return '<article class="Team_card__Jp4sW'+(k.piercing?' Team_piercing__dQ1x2':'')+'">'+
        '<h3 class="Team_name__Hn2eL">'+h(k.adSoyad)+'</h3>'+
        '<p class="Team_title__u7Rz0">'+h(k.unvan)+'</p>'+
        (k.not?'<p class="Team_note__W0aq3">'+h(k.not)+'</p>':'')+
        (ig?'<a class="Team_ig__6KtmB" href="https://instagram.com/'+h(ig)+'" target="_blank" rel="noreferrer">@'+h(ig)+'</a>':'')+
        '</article>';
    }).join("");
  }
  if(document.readyState==="loading"){document.addEventListener("DOMContentLoaded",render)}else{render()}
})();
