const e=document.getElementById("kvkk");e&&localStorage.getItem("kvkk-ok")&&e.remove();e?.querySelector("button")?.addEventListener("click",()=>{localStorage.setItem("kvkk-ok","1"),e.remove()});
