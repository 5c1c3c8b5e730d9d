(function(){
  var d = JSON.parse(document.getElementById('__NEXT_DATA__').textContent).props.pageProps;
  var today = '2026-12-07';
  var root = document.getElementById('__next');
  var h = '<header><h1>' + d.site.name + '</h1><p>' + d.site.address + ' · ' + d.site.hours + '</p><a href="' + d.site.booking + '">Book</a></header><main><h2>Artists</h2><ul class="grid">';
  d.artists.forEach(function (a) {
    if (a.status === 'guest' && a.dates.to < today) return;
    h += '<li><h3>' + a.name + (a.nameZh ? ' <span lang="zh-Hant">' + a.nameZh + '</span>' : '') + '</h3><p>' + a.styles.join(' · ') + (a.status === 'guest' ? ' — guest from ' + a.from + ', ' + a.dates.from + ' to ' + a.dates.to : '') + '</p>';
    if (a.social.instagram) h += '<a href="https://instagram.com/' + a.social.instagram + '">@' + a.social.instagram + '</a>';
    h += '</li>';
  });
  h += '</ul></main><footer><a href="https://instagram.com/' + d.site.instagram + '">Instagram</a> · As seen in ' + d.press[0].outlet + '</footer>';
  root.innerHTML = h;
})();
