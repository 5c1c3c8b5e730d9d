/* Blackthorn theme: crew cards. Data edited by hand when the roster changes. */
(function ($) {
  var crew = [
    { name: "Maya Okafor", role: "Tattoo artist", styles: "Neo-traditional, colour", ig: "mayaokafor.tattoo" },
    { name: "Jonah Fields", role: "Tattoo artist / owner", styles: "American traditional", ig: "jonahfields_ink" },
    { name: "Lena Vogt", role: "Tattoo artist", styles: "Fine line, micro realism", ig: "lena.vogt.tattoo" },
    { name: "Tom Becker", role: "Tattoo artist", styles: "Japanese, large scale", ig: "" , note: "Tom isn't on social media; book him through the front desk." }
  ];
  var piercer = { name: "Ash Kim", role: "Body piercer", ig: "ashkim.piercing" };
  var guest = { name: "Marta Ruiz", from: "Barcelona", dates: "February 9–20, 2027", ig: "martaruiz.tattoo" };

  function card(p) {
    var ig = p.ig
      ? '<a class="bt-card__ig" href="https://www.instagram.com/' + p.ig + '/" target="_blank" rel="noopener">@' + p.ig + '</a>'
      : '<p class="bt-card__note">' + (p.note || "") + '</p>';
    return '<article class="bt-card"><h3 class="bt-card__name">' + p.name + '</h3><p class="bt-card__role">' + p.role +
      (p.styles ? ' &middot; ' + p.styles : '') + '</p>' + ig + '</article>';
  }

  function render() {
    $("[data-crew-target]").html(crew.map(card).join(""));
    $("[data-piercer-target]").html(card(piercer));
    $("[data-guest-target]").html('<p class="bt-guest__soon">Coming up: <strong>' + guest.name + '</strong> (' + guest.from +
      ') guests with us ' + guest.dates + '. Books open January 5 &rarr; <a href="https://www.instagram.com/' + guest.ig + '/">@' + guest.ig + '</a></p>');
  }

  // wait for the web fonts so the cards don't jump
  $(function () { setTimeout(render, 1200); });
})(jQuery);
