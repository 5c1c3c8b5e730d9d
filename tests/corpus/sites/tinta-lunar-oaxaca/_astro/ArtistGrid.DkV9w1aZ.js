const e = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
export default function ArtistGrid({ titulo, artistas, invitada }) {
  const cards = artistas.map((a) => `<li class="artist-card"><img src="${e(a.foto)}" alt="${e(a.nombre)}" loading="lazy" width="480" height="600"><h3>${e(a.nombre)}</h3><p>${e(a.estilo)}</p><a href="https://instagram.com/${e(a.instagram)}" target="_blank" rel="noopener">@${e(a.instagram)}</a></li>`).join('');
  const guest = invitada ? `<section class="guest"><h2>Artista invitada</h2><p><strong>${e(invitada.nombre)}</strong> (${e(invitada.desde)}) nos visita ${e(invitada.fechas)}. Citas por DM a <a href="https://instagram.com/${e(invitada.instagram)}">@${e(invitada.instagram)}</a>.</p></section>` : '';
  return `<section><h2>${e(titulo)}</h2><ul class="artist-grid">${cards}</ul></section>${guest}`;
}
