// Small helpers: building DOM without innerHTML, fetching the API, dates.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, options = {}) {
  const init = { headers: { Accept: 'application/json' }, ...options };
  if (options.json !== undefined) {
    init.method = 'POST';
    init.body = JSON.stringify(options.json);
    init.headers = { ...init.headers, 'Content-Type': 'application/json',
      'X-CSRF-Token': cookie('foedus_csrf') || '', ...(options.headers || {}) };
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, `The explorer does not answer (${err.message}). Is foedus serve running?`);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body.error || response.statusText);
  return body;
}

export function cookie(name) {
  const hit = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}

export const FIRST = '1815-01-01';
const DAY = 86400000;
export function dayNumber(iso) {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
}
export function isoOf(n) {
  return new Date(n * DAY).toISOString().slice(0, 10);
}
export function today() {
  return new Date().toISOString().slice(0, 10);
}
export function validDay(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text || '')) return false;
  const n = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(n) && isoOf(Math.round(n / DAY)) === text && text >= FIRST && text <= today();
}
export function yearOf(iso) {
  return Number(String(iso).slice(0, 4));
}

export const TYPES = ['defense', 'offense', 'neutrality', 'nonaggression', 'consultation'];
export const TYPE_LABEL = {
  defense: 'defense', offense: 'offense', neutrality: 'neutrality',
  nonaggression: 'non-aggression', consultation: 'consultation',
};
export const STATUS_LABEL = {
  in_force: 'in force', signed: 'signed, not yet in force', suspended: 'suspended',
  political: 'political commitment', ended: 'ended',
};

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export function sourceText(src) {
  if (!src) return '';
  const row = src.row === null || src.row === undefined ? '' : (typeof src.row === 'number' ? `, row ${src.row}` : `, ${src.row}`);
  return `${src.dataset} ${src.version}${row}`;
}

export function citation(c) {
  const label = [c.title || c.publisher, c.date, c.locator].filter(Boolean).join(', ');
  return c.url ? h('a', { href: c.url, rel: 'noopener noreferrer', target: '_blank' }, label || c.url)
    : h('span', {}, label);
}
