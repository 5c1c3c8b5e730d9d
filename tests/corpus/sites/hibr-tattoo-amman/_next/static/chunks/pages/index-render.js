/* Minified page bundle (rendering part), trimmed: renders pageProps into #__next after hydration. */
(function(){var d=JSON.parse(document.getElementById("__NEXT_DATA__").textContent).props.pageProps,r=document.getElementById("__next");
function h(t,c,x){var e=document.createElement(t);if(c)e.className=c;if(x!=null)e.textContent=x;return e}
function ig(v){v=String(v).replace(/^@/,"");return /^https?:/.test(v)?v:"https://www.instagram.com/"+v+"/"}
function hd(v){return "@"+String(v).replace(/^https?:\/\/(www\.)?instagram\.com\//,"").replace(/^@/,"").replace(/\/$/,"")}
setTimeout(function(){r.innerHTML="";
var nav=h("header","site-header");nav.innerHTML='<a href="/" class="logo">'+d.site.name+'</a><nav><a href="#team">الفريق</a><a href="#visit">زورونا</a><a href="https://wa.me/962790000000">واتساب</a></nav>';r.appendChild(nav);
var hero=h("section","hero");hero.appendChild(h("h1",null,d.site.name));hero.appendChild(h("p",null,d.site.tagline));r.appendChild(hero);
var team=h("section","team");team.id="team";team.appendChild(h("h2",null,"فنّانونا"));var g=h("div","grid grid-cols-2 gap-6");
d.artists.filter(function(a){return a.active&&a.kind==="artist"}).forEach(function(a){var c=h("article","artist-card");c.appendChild(h("h3",null,a.name));c.appendChild(h("p","latin",a.latinName));c.appendChild(h("p","role",a.role));var l=h("a","ig",hd(a.instagram));l.href=ig(a.instagram);l.target="_blank";l.rel="noopener";c.appendChild(l);g.appendChild(c)});
team.appendChild(g);
d.artists.filter(function(a){return a.active&&a.kind==="staff"}).forEach(function(a){var c=h("div","staff-note");c.appendChild(h("h4",null,a.name));c.appendChild(h("p",null,a.role));var l=h("a",null,hd(a.instagram));l.href=ig(a.instagram);c.appendChild(l);team.appendChild(c)});
r.appendChild(team);
var p=h("section","partners");p.appendChild(h("h2",null,"شركاؤنا"));d.partners.forEach(function(x){var q=h("p");q.textContent=x.note+": "+x.name+" ";var l=h("a",null,"@"+x.instagram);l.href=ig(x.instagram);q.appendChild(l);p.appendChild(q)});r.appendChild(p);
var v=h("section","visit");v.id="visit";v.appendChild(h("h2",null,"زورونا"));v.appendChild(h("p",null,d.site.address+" — "+d.hours));v.insertAdjacentHTML("beforeend",'<iframe src="https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d3384.6!2d35.92!3d31.96" width="100%" height="300" loading="lazy" title="خريطة"></iframe>');r.appendChild(v);
var f=h("footer","site-footer");f.innerHTML='<a href="'+d.site.instagram+'" aria-label="انستغرام">انستغرام</a> · © ٢٠٢٦ حبر · <a href="/privacy/">الخصوصية</a>';r.appendChild(f);
var ck=h("div","cookie-banner");ck.innerHTML='<p>نستخدم ملفات تعريف الارتباط لتحليل الزيارات.</p><button>موافق</button>';r.appendChild(ck);
},300);})();
