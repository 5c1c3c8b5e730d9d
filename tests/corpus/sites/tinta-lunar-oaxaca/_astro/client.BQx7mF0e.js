export default (el) => async (Component, props) => { el.innerHTML = Component(props); };
