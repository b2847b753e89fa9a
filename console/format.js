// Small helpers every page shares: building DOM without innerHTML (no markup from data), dates and money.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export function when(iso) {
  return iso ? timeFormat.format(new Date(iso)) : '—';
}

export function money(value) {
  if (!value) return '—';
  return new Intl.NumberFormat('ko-KR', { style: 'currency', currency: value.currency }).format(value.amount);
}

export function number(value) {
  return new Intl.NumberFormat().format(value);
}

/**
 * One colour per provider, the same on every chart and every visit: a hue from the name's hash, so a provider the
 * registry adds gets one without this file knowing it.
 */
export function providerColor(provider) {
  let hash = 0;
  for (const char of provider) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 62% 46%)`;
}
