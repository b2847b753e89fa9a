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

export const PROVIDERS = ['NAVER', 'CAFE24', 'COUPANG', 'ELEVENST', 'SWEETTRACKER', 'AFTERSHIP', 'PORTONE', 'TOSS', 'POPBILL', 'OPENBANKING', 'OPENAI', 'ANTHROPIC'];

/** One colour per provider, the same on every chart. */
export const PROVIDER_COLORS = {
  NAVER: '#03c75a', CAFE24: '#5a4fcf', COUPANG: '#e4362b', ELEVENST: '#ff5a2e', SWEETTRACKER: '#f2a900', AFTERSHIP: '#ff6b2b',
  PORTONE: '#3a7bd5', TOSS: '#0064ff', POPBILL: '#7f56d9', OPENBANKING: '#12805c', OPENAI: '#10a37f', ANTHROPIC: '#c96442',
};
