// Minimal island loader (same contract as Astro's inline astro-island element).
const revive = (v) => {
  const [t, x] = v;
  if (t === 0) return (x && typeof x === 'object') ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, revive(y)])) : x;
  if (t === 1) return x.map(revive);
  return x;
};
customElements.define('astro-island', class extends HTMLElement {
  async connectedCallback() {
    const raw = JSON.parse(this.getAttribute('props') || '{}');
    const props = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, revive(v)]));
    const [comp, rend] = await Promise.all([
      import(this.getAttribute('component-url')),
      import(this.getAttribute('renderer-url')),
    ]);
    await rend.default(this)(comp[this.getAttribute('component-export') || 'default'], props, {}, { client: 'only' });
    this.removeAttribute('ssr');
    this.dispatchEvent(new CustomEvent('astro:hydrate'));
  }
});
