/*! For license information please see app-8d1f3e2c4b6a7e90.js.LICENSE.txt */
(self.webpackChunkbottlebrush_site=self.webpackChunkbottlebrush_site||[]).push([[143],{}]);
(function(){"use strict";
var e=window.pagePath||"/";
function t(e){return"/page-data"+("/"===e?"/index":e.replace(/\/$/,""))+"/page-data.json"}
function n(e){var t=document.createElement("div");t.textContent=e==null?"":String(e);return t.innerHTML}
function a(e){if(!e)return null;var t=String(e).trim();var m=t.match(/instagram\.com\/([A-Za-z0-9._]+)/);if(m)return m[1];return t.replace(/^@/,"")}
function r(r){var o=document.querySelector(".artist-grid");if(!o)return;var i=r&&r.result&&r.result.data&&r.result.data.allContentfulArtist?r.result.data.allContentfulArtist.nodes:[];
o.removeAttribute("data-loading");o.innerHTML=i.filter(function(e){return!e.hidden}).map(function(e){var t=a(e.instagram);return'<article class="artist-card"><div class="gatsby-image-wrapper"><img alt="'+n(e.name)+'" src="'+n(e.photo&&e.photo.url)+'" loading="lazy"/></div><h2>'+n(e.name)+'</h2><p class="styles">'+n((e.styles||[]).join(" · "))+"</p><p>"+n(e.bio)+"</p>"+(t?'<a class="ig" href="https://www.instagram.com/'+n(t)+'/" target="_blank" rel="noreferrer">@'+n(t)+"</a>":"")+"</article>"}).join("")}
if(document.querySelector(".artist-grid")){fetch(t(e)).then(function(e){return e.json()}).then(r).catch(function(e){console.error("[gatsby] page-data",e)})}
})();
