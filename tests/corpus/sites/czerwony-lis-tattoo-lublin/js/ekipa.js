/* Ekipa - lista artystow z pliku data/artists.json
   (zeby nie edytowac HTML-a za kazdym razem jak ktos przychodzi/odchodzi) */
$(function () {
  $.getJSON('data/artists.json', function (dane) {
    var $lista = $('#lista-artystow');
    $lista.empty();
    $.each(dane, function (i, a) {
      var imie = a.imie + ' ' + a.nazwisko;
      var $kol = $('<div class="col-xs-6 col-sm-4 col-md-3 artysta"></div>');
      var $thumb = $('<div class="thumbnail"></div>');
      var $img = $('<img class="img-responsive">').attr('src', a.foto).attr('alt', imie);
      var $cap = $('<div class="caption"></div>');
      $cap.append($('<h4></h4>').text(imie));
      $cap.append($('<p class="styl"></p>').text(a.styl));
      if (a.instagram) {
        var url = 'https://www.instagram.com/' + a.instagram + '/';
        $thumb.append($('<a target="_blank"></a>').attr('href', url).append($img));
        $cap.append($('<p></p>').append($('<a target="_blank" class="ig"></a>').attr('href', url).html('<i class="fa fa-instagram"></i> ' + a.instagram)));
      } else {
        $thumb.append($img);
        if (a.uwagi) { $cap.append($('<p class="small text-muted"></p>').text(a.uwagi)); }
      }
      $thumb.append($cap);
      $kol.append($thumb);
      $lista.append($kol);
      if ((i + 1) % 4 === 0) { $lista.append('<div class="clearfix visible-md-block visible-lg-block"></div>'); }
    });
  }).fail(function () {
    $('#lista-artystow').html('<div class="col-xs-12 text-center">Nie udało się wczytać listy. Zajrzyj na nasz Instagram.</div>');
  });
});
