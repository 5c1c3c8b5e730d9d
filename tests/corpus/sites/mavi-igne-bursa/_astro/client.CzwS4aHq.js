import{c as o}from"./client.D0yV7Q2m.js";export default t=>(e,r,n,{client:c})=>{if(!t.hasAttribute("ssr"))return;o(t).render(e(r))};
