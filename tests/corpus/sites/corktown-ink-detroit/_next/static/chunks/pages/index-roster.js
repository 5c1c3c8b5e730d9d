(function () {
  var data = JSON.parse(document.getElementById('__NEXT_DATA__').textContent).props.pageProps;
  var root = document.getElementById('__next');
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]; }); }
  var tattooers = data.artists.filter(function (a) { return a.current && a.role !== 'Piercer'; });
  var piercers = data.artists.filter(function (a) { return a.current && a.role === 'Piercer'; });
  function card(a) {
    var links = '';
    if (a.social.instagram) links += '<a href="' + esc(a.social.instagram) + '" aria-label="Instagram" class="text-amber-400">IG</a>';
    if (a.social.tiktok) links += '<a href="' + esc(a.social.tiktok) + '" aria-label="TikTok" class="text-amber-400">TikTok</a>';
    return '<li class="rounded-xl bg-neutral-900 p-6"><h3 class="text-xl font-bold">' + esc(a.name) + '</h3><p class="text-sm text-neutral-400">' + esc(a.role) + ' · ' + esc(a.styles.join(', ')) + '</p><div class="mt-3 flex gap-3">' + links + '</div></li>';
  }
  root.innerHTML =
    '<header class="p-6"><h1 class="text-4xl font-black">' + esc(data.studio.name) + '</h1><p>' + esc(data.studio.address) + ' · ' + esc(data.studio.hours) + '</p>' +
    '<a href="https://www.instagram.com/' + esc(data.studio.instagram) + '/">@' + esc(data.studio.instagram) + '</a> · <a href="' + esc(data.studio.booking) + '">Book on Booksy</a></header>' +
    '<main class="p-6"><h2 class="text-2xl">Tattooers</h2><ul class="grid gap-6 md:grid-cols-3">' + tattooers.map(card).join('') + '</ul>' +
    '<h2 class="mt-10 text-2xl">Piercing</h2><ul class="grid gap-6 md:grid-cols-3">' + piercers.map(card).join('') + '</ul>' +
    '<p class="mt-10">As seen in ' + data.press.map(function (p) { return '<a href="https://www.instagram.com/' + esc(p.instagram) + '/">' + esc(p.outlet) + '</a>'; }).join(', ') + '</p></main>';
})();
