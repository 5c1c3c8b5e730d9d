(function(){const d=document,e=(t,a={},...c)=>{const n=d.createElement(t);for(const k in a)k==="class"?n.className=a[k]:k==="html"?n.innerHTML=a[k]:n.setAttribute(k,a[k]);c.flat().forEach(x=>n.append(x&&x.nodeType?x:d.createTextNode(x??"")));return n};
const nav=e("header",{class:"sk-header"},e("a",{href:"/",class:"sk-logo"},"桜影 SAKURA KAGE"),e("nav",{class:"sk-nav"},e("a",{href:"#about"},"スタジオについて"),e("a",{href:"#artists"},"アーティスト"),e("a",{href:"#guest"},"ゲスト"),e("a",{href:"#access"},"アクセス"),e("a",{href:"https://reserva.be/sakurakage",class:"sk-btn"},"ご予約")));
const hero=e("section",{class:"sk-hero"},e("h1",{},"札幌・すすきの 完全予約制タトゥースタジオ"),e("p",{},"和彫りからファインラインまで。一点物のデザインをご提案します。"));
const about=e("section",{id:"about",class:"sk-about"},e("h2",{},"スタジオについて"),e("p",{},"2019年オープン。衛生管理を徹底し、使い捨てニードル・使い捨てチューブを使用しています。カウンセリングは無料です。"));
const roster=e("section",{id:"artists",class:"sk-artists"},e("h2",{},"アーティスト"),e("div",{class:"sk-grid"},e("p",{class:"sk-loading"},"読み込み中…")));
const guest=e("section",{id:"guest",class:"sk-guest"},e("h2",{},"ゲストアーティスト"),e("ul",{class:"sk-guest-list"}));
const staff=e("section",{id:"staff",class:"sk-staff"},e("h2",{},"スタッフ"),e("ul",{class:"sk-staff-list"}));
const access=e("section",{id:"access",class:"sk-access"},e("h2",{},"アクセス"),e("p",{},"〒064-0805 北海道札幌市中央区南5条西4丁目 すすきのビル4F"),e("p",{},"営業時間 12:00〜20:00（火曜定休）"),e("iframe",{src:"https://www.google.com/maps/embed?pb=!1m18!1m12!1m3!1d2915.6!2d141.353!3d43.054",loading:"lazy",width:"100%",height:"280"}));
const foot=e("footer",{class:"sk-footer"},e("a",{href:"https://www.instagram.com/sakurakage_tattoo/","aria-label":"Instagram",class:"sk-ig"},e("svg",{viewBox:"0 0 24 24"})),e("small",{},"© 2026 SAKURA KAGE TATTOO All rights reserved."));
d.getElementById("app").append(nav,e("main",{},hero,about,roster,guest,staff,access),foot);
const ig=u=>u?e("a",{href:u.startsWith("http")?u:"https://"+u,target:"_blank",rel:"noopener",class:"sk-card-ig"},"Instagram"):e("span",{class:"sk-card-noig"},"ご予約はスタジオまで");
fetch("/data/artists.json",{headers:{Accept:"application/json"}}).then(r=>r.json()).then(j=>{
 const g=roster.querySelector(".sk-grid");g.innerHTML="";
 j.artists.filter(a=>a.active).forEach(a=>g.append(e("article",{class:"sk-card"},e("img",{src:a.photo,alt:a.name_ja,loading:"lazy"}),e("h3",{},a.name_ja),e("p",{class:"sk-card-en"},a.name_en),e("p",{class:"sk-card-style"},a.style),ig(a.instagram))));
 const gl=guest.querySelector("ul");j.guests.forEach(x=>gl.append(e("li",{},e("strong",{},x.name)," — ",x.from+" 〜 "+x.to+" ",x.note||"",x.instagram?e("a",{href:x.instagram},"@"+x.instagram.split("/").filter(Boolean).pop()):"")));
 const sl=staff.querySelector("ul");j.staff.forEach(x=>sl.append(e("li",{},x.role+"：",e("strong",{},x.name)," ",x.instagram?e("a",{href:x.instagram},"Instagram"):"")));
}).catch(()=>{roster.querySelector(".sk-grid").textContent="アーティスト情報を読み込めませんでした。"});
d.addEventListener("scroll",()=>nav.classList.toggle("is-fixed",scrollY>40),{passive:true});})();
