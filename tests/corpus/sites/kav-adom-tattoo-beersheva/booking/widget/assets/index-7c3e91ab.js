const p=new URLSearchParams(location.search),L=p.get("lang")||"he",T={he:{pick:"בחירת מקעקע/ת",next:"המשך",ig:"אינסטגרם",none:"אין תורים פנויים"}}[L];
function h(t,a,...c){const e=document.createElement(t);for(const k in a||{})k==="class"?e.className=a[k]:e.setAttribute(k,a[k]);for(const x of c)e.append(x);return e}
function igUrl(v){if(!v)return null;v=String(v).trim();if(/^https?:/.test(v))return v;return"https://www.instagram.com/"+v.replace(/^@/,"")+"/"}
async function main(){const r=document.getElementById("root");r.append(h("div",{class:"bw-loading"},"…"));
const res=await fetch("/booking/api/staff.json",{headers:{Accept:"application/json"}});const d=await res.json();r.textContent="";
const list=h("ul",{class:"bw-staff-list",role:"radiogroup","aria-label":T.pick});
for(const s of d.staff.filter(x=>x.bookable)){const u=igUrl(s.instagram);
const li=h("li",{class:"bw-staff",role:"radio","aria-checked":"false","data-id":s.id},
h("img",{class:"bw-avatar",src:s.avatar,alt:""}),
h("div",{class:"bw-staff-body"},h("strong",{class:"bw-staff-name"},s.displayName),h("span",{class:"bw-staff-title"},s.title),
u?h("a",{class:"bw-staff-ig",href:u,target:"_blank",rel:"noopener"},T.ig):""));
li.addEventListener("click",()=>{list.querySelectorAll("li").forEach(x=>x.setAttribute("aria-checked","false"));li.setAttribute("aria-checked","true")});list.append(li)}
r.append(h("h2",{class:"bw-step"},"1. "+T.pick),list,h("button",{class:"bw-next",type:"button"},T.next))}
main();
