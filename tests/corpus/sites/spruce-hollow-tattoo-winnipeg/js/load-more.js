// Finsweet-style CMS load more: fetch the next page and append its items
document.addEventListener("DOMContentLoaded", function () {
  var btn = document.querySelector('[fs-cmsload-element="load-more"]');
  var list = document.querySelector('[fs-cmsload-element="list"]');
  if (!btn || !list) return;
  btn.addEventListener("click", function (ev) {
    ev.preventDefault();
    fetch(btn.getAttribute("href")).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      doc.querySelectorAll(".w-dyn-item").forEach(function (it) { list.appendChild(document.importNode(it, true)); });
      btn.parentNode.remove();
    });
  });
});
