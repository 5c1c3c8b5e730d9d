// Artiesten laden (zodat we niet elke keer de html hoeven aan te passen) - Bram, 2019
$(function () {
	var stijlen = ['style1', 'style2', 'style3', 'style4', 'style5', 'style6'];
	$.getJSON('data/artists.json', function (data) {
		var $tiles = $('#artiesten');
		$.each(data.artiesten, function (i, a) {
			if (a.actief === false) return;
			var $art = $('<article/>').addClass(stijlen[i % stijlen.length]);
			$art.append('<span class="image"><img src="' + a.foto + '" alt="" /></span>');
			var $a = $('<a/>').attr('href', a.instagram).attr('target', '_blank');
			$a.append($('<h2/>').text(a.naam));
			$a.append($('<div class="content"/>').append($('<p/>').text(a.stijl)));
			$art.append($a);
			$tiles.append($art);
		});
		$('#laden').remove();
	}).fail(function () {
		$('#laden').text('Kon de artiesten niet laden. Kijk op onze Instagram!');
	});
	$('body').removeClass('is-preload');
});
