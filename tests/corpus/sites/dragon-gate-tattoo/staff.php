<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Dragon Gate Tattoo - Staff</title>
<style>table.staff{border-collapse:collapse;width:100%}table.staff td,table.staff th{border:1px solid #444;padding:8px}</style></head>
<body style="background:#111;color:#ddd;font-family:Tahoma,sans-serif">
<div id="wrap">
<div id="top"><img src="/images/dragon-gate-banner.png" alt="Dragon Gate Tattoo"><br>
<a href="/">Home</a> | <a href="/staff.php">Staff</a> | <a href="/portfolio.php">Portfolio</a> | <a href="/contact.php">Contact</a></div>
<h2>Our Staff</h2>
<table class="staff">
<tr><td rowspan="2"><img src="/images/staff/lee.jpg" width="120" alt="Lee"></td><td><b>Lee Chen</b> &ndash; Owner / Artist</td></tr>
<tr><td>Oriental, dragons, koi. 25 years experience.<br>Instagram: <a href="https://www.instagram.com/leechen_dragongate">leechen_dragongate</a></td></tr>
<tr><td rowspan="2"><img src="/images/staff/kelly.jpg" width="120" alt="Kelly"></td><td><b>Kelly Patel</b> &ndash; Artist</td></tr>
<tr><td>Mandala, henna-style, fine line.<br>Instagram: <a href="https://www.instagram.com/kellypatel.tattoo">kellypatel.tattoo</a></td></tr>
<tr><td rowspan="2"><img src="/images/staff/marek.jpg" width="120" alt="Marek"></td><td><b>Marek Nowak</b> &ndash; Artist</td></tr>
<tr><td>Realism, portraits, cover-ups.<br>Instagram: <a href="https://instagram.com/mareknowak_ink/">mareknowak_ink</a></td></tr>
<tr><td rowspan="2"><img src="/images/staff/donna.jpg" width="120" alt="Donna"></td><td><b>Donna Hext</b> &ndash; Receptionist</td></tr>
<tr><td>Donna looks after bookings, deposits and the kettle.</td></tr>
</table>
<h3>Alumni</h3>
<table class="staff">
<tr><th>Name</th><th>Years</th><th>Now at</th></tr>
<tr><td>Craig Dunn</td><td>2005&ndash;2017</td><td><a href="https://www.instagram.com/craigdunntattoo/">@craigdunntattoo</a></td></tr>
<tr><td>Sophie Ward</td><td>2012&ndash;2020</td><td><a href="https://www.instagram.com/sophieward.ink/">@sophieward.ink</a></td></tr>
</table>
<p style="font-size:10px">Site design &copy; 2009 LeicesterWebDesigns</p>
</div>
</body>
</html>
