"use strict";(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[974],{5187:function(){}}]);
/* TeamGrid (client-only, ssr:false) – reads its props from the RSC flight payload */
(function(){
  var done=false;
  function rows(){
    var out=[],buf="";
    (self.__next_f||[]).forEach(function(c){ if(c&&c[0]===1&&typeof c[1]==="string"){buf+=c[1];} });
    buf.split("\n").forEach(function(l){ var m=/^([0-9a-f]+):(.*)$/.exec(l); if(m){out.push(m[2]);} });
    return out;
  }
  function findTeam(){
    var rs=rows();
    for(var i=0;i<rs.length;i++){
      if(rs[i].charAt(0)!=="[")continue;
      try{var v=JSON.parse(rs[i]);}catch(e){continue;}
      if(v&&v[1]==="$L8"&&v[3]&&v[3].team)return v[3].team;
    }
    return null;
  }
  function h(tag,cls,txt){var e=document.createElement(tag);if(cls)e.className=cls;if(txt!=null)e.textContent=txt;return e;}
  function render(){
    if(done)return;
    var team=findTeam(),sec=document.getElementById("team");
    if(!team||!sec)return;
    done=true;
    var sk=sec.querySelector(".Team_skeleton__k2Pn7");if(sk)sk.remove();
    var grid=h("div","Team_grid__c7Hm1");
    team.artists.forEach(function(a){
      if(a.status==="alumni"||a.status==="staff")return;
      var card=h("article","ArtistCard_card__w3Lp8");
      var img=h("img");img.src=a.image;img.alt=a.name;img.loading="lazy";card.appendChild(img);
      card.appendChild(h("h3","ArtistCard_name__f1Tg5",a.name));
      if(a.status==="guest")card.appendChild(h("span","ArtistCard_badge__b0Gx2",team.labels.guest));
      card.appendChild(h("p","ArtistCard_role__m6Sd3",a.role));
      if(a.instagram){var l=h("a","ArtistCard_ig__y4Nn0");l.href=a.instagram;l.target="_blank";l.rel="noopener";l.setAttribute("aria-label","האינסטגרם של "+a.name);l.textContent="Instagram ↗";card.appendChild(l);}
      else if(a.bio){card.appendChild(h("p","ArtistCard_bio__q8Rr2",a.bio));}
      grid.appendChild(card);
    });
    sec.appendChild(grid);
    var foot=document.querySelector("footer");
    if(foot&&team.studio){var p=h("p");var s=h("a",null,"@dyokan.tattoo");s.href=team.studio.instagram;p.appendChild(s);foot.appendChild(p);}
    if(foot&&team.partners){team.partners.forEach(function(pa){var p=h("p","Footer_partner__o2");p.appendChild(document.createTextNode(pa.note+": "));var a=h("a",null,pa.name);a.href=pa.instagram;p.appendChild(a);foot.appendChild(p);});}
  }
  var q=self.__next_f=self.__next_f||[];
  var orig=q.push.bind(q);
  q.push=function(){var r=orig.apply(null,arguments);render();return r;};
  render();
  if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",render);else setTimeout(render,0);
})();
