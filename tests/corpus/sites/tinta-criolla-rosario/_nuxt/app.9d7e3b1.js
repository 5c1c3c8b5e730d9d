(window.webpackJsonp=window.webpackJsonp||[]).push([[0],{}]);
(function(){var N=window.__NUXT__,d=N.data[0],s=d.estudio;
function esc(t){return String(t).replace(/[&<>"]/g,function(c){return{"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]})}
var cards=d.tatuadores.filter(function(t){return t.activo}).map(function(t){return '<article data-v-6b1e2c4a class="tatuador-card"><img data-v-6b1e2c4a src="'+t.foto+'" alt="'+esc(t.nombre)+'" loading="lazy"><h3 data-v-6b1e2c4a>'+esc(t.nombre)+'</h3><p data-v-6b1e2c4a class="estilo">'+esc(t.estilo)+'</p><a data-v-6b1e2c4a href="https://www.instagram.com/'+t.instagram+'/" target="_blank" rel="noopener">@'+t.instagram+'</a></article>'}).join("");
var html='<div class="app-shell" data-v-2a9c1f7e><header data-v-2a9c1f7e class="topbar"><a href="/" class="nuxt-link-exact-active nuxt-link-active" aria-current="page">'+esc(s.nombre)+'</a><nav><a href="#tatuadores">Tatuadores</a><a href="#turnos">Turnos</a></nav></header>'+
'<section data-v-2a9c1f7e class="hero"><h1>Tatuajes hechos a mano en Pichincha</h1><p>Diseños propios, turnos con seña y buena onda. Elegí a tu tatuador y escribinos.</p></section>'+
'<section data-v-2a9c1f7e id="tatuadores"><h2>Nuestros tatuadores</h2><div class="grid">'+cards+'</div></section>'+
'<section data-v-2a9c1f7e id="turnos"><h2>Turnos</h2><p>Pedí tu turno por WhatsApp al '+esc(s.whatsapp)+'. La seña es de $20.000 y se descuenta del total.</p><p>'+esc(s.horario)+' · '+esc(s.direccion)+'</p></section>'+
'<footer data-v-2a9c1f7e><a href="https://www.instagram.com/'+s.instagram+'/" target="_blank" rel="noopener">Instagram del estudio</a> · © 2026 '+esc(s.nombre)+'</footer></div>';
document.getElementById("__layout").innerHTML=html;})();
