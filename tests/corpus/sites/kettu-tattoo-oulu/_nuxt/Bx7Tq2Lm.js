// Nuxt client entry (hand-trimmed build): hydrates the <ClientOnly> roster from the SSR payload
function Rv(a,i){const v=a[i];if(Array.isArray(v)){if(typeof v[0]==="string"){return["ShallowReactive","Reactive","Ref","ShallowRef"].includes(v[0])?Rv(a,v[1]):(v[0]==="Set"?new Set:null)}return v.map(j=>Rv(a,j))}if(v&&typeof v==="object"){const o={};for(const k in v)o[k]=Rv(a,v[k]);return o}return v}
function mount(){const el=document.getElementById("__NUXT_DATA__");const p=Rv(JSON.parse(el.textContent),0);const t=p.data.tekijat;const slot=document.querySelector("#tekijat .roster-loading");
const card=x=>`<article class="tekija-kortti"><img src="${x.kuva}" alt="${x.nimi}" loading="lazy"><h3>${x.nimi}</h3><p class="rooli">${x.rooli==="harjoittelija"?"Harjoittelija":"Tatuoija"}</p><p class="tyylit">${x.tyylit}</p><a href="https://www.instagram.com/${x.instagram}/" target="_blank" rel="noopener">@${x.instagram}</a></article>`;
const nyt=t.filter(x=>x.aktiivinen),ent=t.filter(x=>!x.aktiivinen);
slot.outerHTML=`<div class="tekija-grid">${nyt.map(card).join("")}</div>`+(ent.length?`<div class="entiset"><h3>Entiset tekijät</h3><ul>${ent.map(x=>`<li>${x.nimi} – ${x.lisatieto} (<a href="https://www.instagram.com/${x.instagram}/">@${x.instagram}</a>)</li>`).join("")}</ul></div>`:"")}
setTimeout(mount,300);
