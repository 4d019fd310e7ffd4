export function render({ model, el }) {
  el.textContent = model.get("value");
}
