/* Square Online site runtime (trimmed) */
(function () {
  "use strict";
  var state = window.__BOOTSTRAP_STATE__ || {};
  var page = state.siteData && state.siteData.page;
  var root = document.querySelector(".site-content");
  if (!page || !root) return;
  var url = state.cmsApiBase + "/pages/" + page.slug + ".json";
  function render(json) {
    var cells = (((json.data.properties || {}).contentAreas || {}).userContent || {}).content;
    cells = cells ? cells.cells : [];
    var html = cells.map(function (c, i) {
      var p = c.content.properties;
      var img = p.image ? '<div class="w-image"><img loading="lazy" src="' + p.image.url + '" alt="' + (p.image.alt || "") + '"></div>' : "";
      return '<section class="w-section w-cell w-cell--' + c.type + '" data-cell-index="' + i + '"><div class="w-container">' + img +
        '<div class="w-text"><div class="w-title">' + (p.title ? p.title.text : "") + '</div><div class="w-body">' + (p.text ? p.text.text : "") + "</div></div></div></section>";
    }).join("");
    root.innerHTML = html;
  }
  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(render)
    .catch(function (e) { root.innerHTML = '<p class="w-error">Something went wrong loading this page.</p>'; console.error(e); });
})();
