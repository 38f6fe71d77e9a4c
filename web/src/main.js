// The explorer's router: every view has its own URL (a deep link a journalist can share).
//   /defends?state=731&on=1962-01-01[&type=defense]   who is bound toward a state
//   /owes?state=365&on=1962-01-01                      what a state owes to whom
//   /treaty/rus-prk-2024                               one treaty
//   /review                                            read an article, review proposals
//   /whatif?attacker=Germany&target=Poland&on=1939-09-01 the escalation cascade

import { answerPage } from './answer.js';
import { reviewPage } from './review.js';
import { treatyPage } from './treaty.js';
import { whatifPage } from './whatif.js';
import { api, debounce, h, today, validDay } from './util.js';

const main = document.getElementById('main');
const notices = document.getElementById('notices');
let status = { notices: [], writable: false, shapes: {} };

function pageOf(path) {
  if (path.startsWith('/treaty/')) return 'treaty';
  const name = path.replace(/^\/+|\/+$/g, '');
  return ['defends', 'owes', 'review', 'whatif'].includes(name) ? name : 'defends';
}

async function route() {
  const page = pageOf(location.pathname);
  for (const a of document.querySelectorAll('.tabs a')) a.classList.toggle('active', a.dataset.page === page);
  main.classList.remove('busy');
  const ctx = { page, status };
  try {
    if (page === 'treaty') await treatyPage(main, ctx);
    else if (page === 'review') await reviewPage(main, ctx);
    else if (page === 'whatif') await whatifPage(main, ctx);
    else await answerPage(main, ctx);
  } catch (err) {
    main.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message || String(err)));
  }
  document.body.dataset.ready = page;
}

export function navigate(url) {
  history.pushState({}, '', url);
  window.scrollTo(0, 0);
  route();
}

document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-nav]');
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});
window.addEventListener('popstate', route);

// Search: any name, code or ISO3; Enter takes the first hit, to the page in view.
const input = document.getElementById('search-input');
const hits = document.getElementById('search-hits');
function target(code) {
  const page = pageOf(location.pathname);
  const params = new URLSearchParams(location.search);
  const on = validDay(params.get('on')) ? params.get('on') : today();
  return `/${page === 'owes' ? 'owes' : 'defends'}?state=${code}&on=${on}`;
}
let found = [];
const suggest = debounce(async () => {
  const q = input.value.trim();
  if (!q) {
    hits.hidden = true;
    return;
  }
  try {
    found = await api(`/api/states?q=${encodeURIComponent(q)}`);
  } catch {
    found = [];
  }
  hits.replaceChildren(...(found.length ? found.map((s, i) => h('li', { role: 'option', id: `hit-${i}` },
    h('a', { href: target(s.ccode), 'data-nav': true }, `${s.name} (${s.ccode}${s.iso3 ? `, ${s.iso3}` : ''})`,
      s.matched.toLowerCase() !== s.name.toLowerCase() ? h('span', { class: 'muted small' }, ` — ${s.matched}`) : null)))
    : [h('li', { class: 'muted' }, 'No state by that name')]));
  hits.hidden = false;
}, 120);
input.addEventListener('input', suggest);
document.getElementById('search').addEventListener('submit', async (event) => {
  event.preventDefault();
  const q = input.value.trim();
  if (!q) return;
  try {
    found = await api(`/api/states?q=${encodeURIComponent(q)}`);
  } catch {
    found = [];
  }
  hits.hidden = true;
  navigate(found.length ? target(found[0].ccode) : target(encodeURIComponent(q)));
});
hits.addEventListener('click', () => {
  hits.hidden = true;
  input.value = '';
});
document.addEventListener('click', (event) => {
  if (!event.target.closest('#search')) hits.hidden = true;
});

async function start() {
  try {
    status = await api('/api/status');
  } catch (err) {
    status.notices = [err.message];
  }
  document.querySelector('.tabs a[data-page=whatif]').hidden = !status.whatif;
  notices.replaceChildren(...status.notices.map((n) => h('p', { class: 'notice' }, n)));
  if (status.notices.length) notices.hidden = false;
  await route();
}
start();
