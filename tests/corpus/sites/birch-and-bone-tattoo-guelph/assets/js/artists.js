/* Birch & Bone — artist grid. Wyndham Digital 2024 */
(function ($) {
  'use strict';
  var $grid = $('#artist-grid');
  var $btn = $('#load-more');

  function card(a) {
    var $col = $('<div class="col-sm-6 col-lg-3"></div>');
    var $c = $('<div class="card h-100 artist-card border-0"></div>');
    $c.append($('<img class="card-img-top" loading="lazy">').attr('src', a.image).attr('alt', a.name));
    var $b = $('<div class="card-body"></div>');
    $b.append($('<h3 class="h5 card-title"></h3>').text(a.name));
    $b.append($('<p class="card-text small text-muted"></p>').text(a.specialty));
    if (a.ig) {
      $b.append($('<a class="stretched-link" target="_blank" rel="noopener"></a>').attr('href', 'https://www.instagram.com/' + a.ig + '/').text('@' + a.ig));
    }
    $c.append($b);
    return $col.append($c);
  }

  function loadNext() {
    var url = $btn.data('next');
    if (!url) return;
    $btn.prop('disabled', true).text('Loading…');
    $.getJSON(url).done(function (res) {
      $.each(res.items, function (i, a) { $grid.append(card(a)); });
      if (res.next) {
        $btn.data('next', res.next).prop('disabled', false).text('Load more artists');
      } else {
        $btn.remove();
      }
    }).fail(function () {
      $btn.prop('disabled', false).text('Try again');
    });
  }

  $btn.on('click', loadNext);
  $(loadNext); // first page on ready
})(jQuery);
