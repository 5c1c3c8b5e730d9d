(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[405],{}]);
(function(){
  function render(){
    var data=JSON.parse(document.getElementById("__NEXT_DATA__").textContent);
    var list=data.props.pageProps.artists;
    var today="2026-12-07";
    var grid=document.querySelector(".Artists_grid__f0E");
    grid.innerHTML="";
    list.forEach(function(a){
      if(a.status==="alumni")return;
      if(a.status==="guest"&&a.dates&&a.dates.to<today)return;
      var card=document.createElement("article");
      card.className="ArtistCard_card__Zp3";
      var h=document.createElement("h3");h.textContent=a.name;card.appendChild(h);
      var p=document.createElement("p");
      p.textContent=(a.status==="guest"?"Guest "+a.dates.from+" to "+a.dates.to+" · ":a.status==="apprentice"?"Apprentice · ":"")+a.styles.join(", ");
      card.appendChild(p);
      if(a.instagram){var l=document.createElement("a");l.href="https://www.instagram.com/"+a.instagram+"/";l.textContent="@"+a.instagram;l.target="_blank";card.appendChild(l);}
      grid.appendChild(card);
    });
    grid.setAttribute("aria-busy","false");
  }
  if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",render);else render();
})();
