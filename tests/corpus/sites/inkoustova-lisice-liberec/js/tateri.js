/* Načíst další – další stránky tatérů z /data/tateri-N.json */
(function ($) {
  'use strict';

  var MESICE = ['ledna', 'února', 'března', 'dubna', 'května', 'června', 'července',
                'srpna', 'září', 'října', 'listopadu', 'prosince'];

  function datum(iso) {
    var d = new Date(iso + 'T12:00:00');
    return d.getDate() + '. ' + MESICE[d.getMonth()] + ' ' + d.getFullYear();
  }

  function karta(t) {
    var $a = $('<article class="artist"/>');
    if (t.foto) {
      $a.append($('<img loading="lazy"/>').attr({src: t.foto, alt: t.jmeno}));
    }
    $a.append($('<h3/>').text(t.jmeno));
    if (t.host) {
      $a.addClass('artist--guest');
      $a.append($('<p class="host"/>').text('Host: ' + datum(t.host.od) + ' – ' + datum(t.host.do)));
    }
    $a.append($('<p class="styl"/>').text(t.styl));
    if (t.instagram) {
      $a.append($('<p class="ig"/>').append(
        $('<a/>').attr('href', 'https://www.instagram.com/' + t.instagram + '/').text('@' + t.instagram)));
    } else if (t.poznamka) {
      $a.append($('<p class="ig ig--none"/>').text(t.poznamka));
    }
    return $a;
  }

  $('#loadMore').on('click', function () {
    var $btn = $(this), url = $btn.data('next');
    if (!url) { return; }
    $btn.prop('disabled', true).text('Načítám…');
    $.getJSON(url).done(function (stranka) {
      $.each(stranka.tateri, function (_, t) {
        if (t.aktivni === false) { return; }   // už u nás netetuje
        $('#artistGrid').append(karta(t));
      });
      if (stranka.dalsi) {
        $btn.data('next', stranka.dalsi).prop('disabled', false).text('Načíst další');
      } else {
        $btn.remove();
      }
    }).fail(function () {
      $btn.prop('disabled', false).text('Zkusit znovu');
    });
  });
})(jQuery);
