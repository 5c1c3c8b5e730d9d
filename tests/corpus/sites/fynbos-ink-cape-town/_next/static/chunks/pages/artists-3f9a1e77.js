/* pages/artists — compiled standalone (next export, no runtime) */
(function(){"use strict";
function igUrl(v){if(!v)return null;v=String(v).trim();if(v.charAt(0)==="@")v=v.slice(1);if(/^https?:\/\//.test(v))return v;if(v.indexOf("instagram.com/")===0)return"https://"+v;return"https://www.instagram.com/"+v+"/"}
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})}
function card(a){var u=igUrl(a.instagram);return'<article class="ArtistCard_card__Wq8p2"><img class="ArtistCard_img__3Qa1z" src="'+esc(a.image)+'" alt="'+esc(a.name)+'" loading="lazy"/><h3>'+esc(a.name)+'</h3><p class="ArtistCard_style__1cQ9d">'+esc(a.styles.join(" · "))+'</p>'+(a.dates?'<p class="ArtistCard_dates__9Zx1a">'+esc(a.dates)+'</p>':'')+(u?'<a class="ArtistCard_ig__Mm2q0" href="'+esc(u)+'" target="_blank" rel="noreferrer" aria-label="'+esc(a.name)+' on Instagram"><svg viewBox="0 0 24 24" width="18" height="18"><rect x="3" y="3" width="18" height="18" rx="5"></rect></svg></a>':'')+'</article>'}
function load(){fetch("/api/artists.json",{headers:{accept:"application/json"}}).then(function(r){return r.json()}).then(function(d){
 var team=d.artists.filter(function(a){return a.active&&a.role==="tattoo"&&!a.guest});
 var guests=d.artists.filter(function(a){return a.active&&a.guest});
 document.getElementById("roster").innerHTML=team.map(card).join("");
 document.getElementById("guests").innerHTML=guests.length?guests.map(card).join(""):"<p>No guests booked right now.</p>";
}).catch(function(){document.getElementById("roster").innerHTML="<p>Couldn&#39;t load artists. Try again later.</p>"})}
"loading"===document.readyState?document.addEventListener("DOMContentLoaded",load):load();
})();
