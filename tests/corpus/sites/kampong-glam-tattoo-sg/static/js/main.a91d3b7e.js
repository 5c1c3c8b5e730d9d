/*! Linkin.bio by Later — storefront bundle (production) */
!function(){"use strict";
var c=window.__LIB_CONFIG__||{},r=document.getElementById("root");
function esc(s){return String(s==null?"":s).replace(/[&<>"]/g,function(ch){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[ch]})}
function draw(d){var p=d.profile||{};
var h='<div class="lib-profile"><img class="lib-avatar" src="'+esc(p.avatar_url)+'" alt="'+esc(p.username)+'"><h1 class="lib-username"><a href="'+esc(p.instagram_url)+'" target="_blank" rel="noopener">@'+esc(p.username)+'</a></h1><p class="lib-bio">'+esc(p.bio)+'</p></div>';
h+='<div class="lib-buttons">'+(d.buttons||[]).map(function(b){return'<a class="lib-button" data-id="'+esc(b.id)+'" href="'+esc(b.url)+'" target="_blank" rel="noopener">'+esc(b.title)+'</a>'}).join("")+'</div>';
h+='<div class="lib-grid" role="list">'+(d.posts||[]).map(function(x){return'<a class="lib-grid__item" role="listitem" href="'+esc(x.link_url||x.permalink)+'" target="_blank" rel="noopener" aria-label="'+esc(x.caption)+'"><img loading="lazy" src="'+esc(x.media_url)+'" alt="'+esc(x.caption)+'"></a>'}).join("")+'</div>';
if(c.showLaterBadge)h+='<footer class="lib-footer"><a href="https://later.com/linkinbio/?utm_source=linkinbio&amp;utm_medium=badge" target="_blank" rel="noopener">Linkin.bio by Later</a></footer>';
r.innerHTML=h}
fetch((c.apiBase||"/api/v2/linkinbio")+"/"+encodeURIComponent(c.username)+".json").then(function(x){return x.json()}).then(draw).catch(function(){r.innerHTML='<p class="lib-error">This page could not be loaded.</p>'})}();
