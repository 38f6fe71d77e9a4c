// A treaty: members over time (timeline chart), articles, conditions, events, lineage, sources.

import { api, citation, h, s, sourceText, STATUS_LABEL, today, TYPE_LABEL, TYPES } from './util.js';

const cell = (label, ...children) => h('td', { 'data-label': label }, h('div', {}, children));
const strongest = (obligations) => TYPES.find((t) => (obligations || []).includes(t)) || (obligations || [])[0] || 'none';

function decimal(iso) {
  const [y, m, d] = String(iso).split('-').map(Number);
  return y + ((m || 1) - 1) / 12 + ((d || 1) - 1) / 365;
}

function tickLabel(y, step) {
  if (step >= 1) return String(Math.round(y));
  const year = Math.floor(y + 1e-9);
  const month = Math.round((y - year) * 12) + 1;
  return `${year}-${String(month).padStart(2, '0')}`;
}

function timeline(view) {
  const rows = new Map();
  for (const phase of view.phases) {
    for (const m of phase.members) {
      if (!rows.has(m.ccode)) rows.set(m.ccode, { name: m.name, ccode: m.ccode, spells: [] });
      rows.get(m.ccode).spells.push({ ...m, phase: phase.phase });
    }
  }
  const members = [...rows.values()].sort((a, b) => a.spells[0].entry.localeCompare(b.spells[0].entry) || a.name.localeCompare(b.name));
  if (!members.length) return h('p', { class: 'muted' }, 'No members recorded.');
  const start = decimal(view.begins || members[0].spells[0].entry);
  const lastExit = members.flatMap((m) => m.spells.map((x) => x.exit));
  const end = lastExit.includes(null) ? decimal(today()) : Math.max(...lastExit.map(decimal));
  const span = Math.max(end - start, 1);
  const label = 170;
  const width = 900;
  const rowH = 20;
  const top = 24;
  const height = top + members.length * rowH + 8;
  const x = (iso) => label + ((decimal(iso) - start) / span) * (width - label - 10);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'timeline', role: 'img',
    'aria-label': `Members of ${view.name} over time` });
  const step = span > 120 ? 25 : span > 50 ? 10 : span > 15 ? 5 : span > 4 ? 1 : 0.5;
  for (let y = Math.ceil(start / step) * step; y <= end; y += step) {
    const px = label + ((y - start) / span) * (width - label - 10);
    svg.append(s('line', { x1: px, x2: px, y1: top - 6, y2: height, class: 'tick' }),
      s('text', { x: px, y: 14, class: 'tick-label', 'text-anchor': 'middle' }, tickLabel(y, step)));
  }
  members.forEach((m, i) => {
    const y = top + i * rowH;
    svg.append(s('text', { x: label - 6, y: y + 14, 'text-anchor': 'end', class: 'member-label' }, m.name.length > 24 ? `${m.name.slice(0, 23)}…` : m.name));
    for (const sp of m.spells) {
      const x1 = x(sp.entry);
      const x2 = Math.max(x(sp.exit || today()), x1 + 2);
      const kind = strongest(sp.obligations);
      svg.append(s('rect', { x: x1, y: y + 3, width: x2 - x1, height: rowH - 6, rx: 2,
        class: `bar fill-${kind} bar-${sp.status}` },
      s('title', {}, `${m.name}: ${sp.entry} – ${sp.exit || 'in effect'} · phase ${sp.phase} · ${STATUS_LABEL[sp.status] || sp.status} · ${(sp.obligations || []).join(', ') || 'no obligations'}`)));
    }
  });
  return h('div', { class: 'timeline-wrap' }, svg);
}

function membersTable(view) {
  return view.phases.map((phase) => h('details', { class: 'phase', open: view.phases.length <= 2 },
    h('summary', {}, `${view.phases.length > 1 ? `Phase ${phase.phase}` : 'Members'}: ${phase.begins} – ${phase.ends || 'in effect'} (${phase.members.length} members)`),
    h('div', { class: 'table-wrap' }, h('table', { class: 'members' },
      h('thead', {}, h('tr', {}, ['Member', 'In effect', 'Status', 'Obligations', 'Conditions', 'Source'].map((c) => h('th', {}, c)))),
      h('tbody', {}, phase.members.map((m) => h('tr', {},
        cell('Member', `${m.name} (${m.ccode})`),
        cell('In effect', `${m.entry} – ${m.exit || 'ongoing'}`),
        cell('Status', h('span', { class: `status status-${m.status}` }, STATUS_LABEL[m.status] || m.status)),
        cell('Obligations', (m.obligations || []).length ? m.obligations.map((o) => h('span', { class: `badge fill-${o}` }, TYPE_LABEL[o] || o)) : h('span', { class: 'muted' }, 'none')),
        cell('Conditions', Object.entries(m.conditions || {}).length
          ? h('ul', { class: 'conds' }, Object.entries(m.conditions).flatMap(([k, ts]) => ts.map((t) => h('li', {}, `${TYPE_LABEL[k] || k}: ${t}`))))
          : h('span', { class: 'muted' }, '—')),
        cell('Source', h('span', { class: 'small' }, sourceText(m.source))))))))));
}

function articles(view) {
  if (!view.provisions.length) return h('p', { class: 'muted' }, 'The register holds no article text for this treaty; its obligations come from the source above.');
  return view.provisions.map((p) => h('article', { class: 'provision', id: `art-${p.article.replace(/[^A-Za-z0-9]+/g, '-')}` },
    h('h3', {}, p.article, ' ', (p.obligations.length ? p.obligations : ['defines other articles']).map((o) => h('span', { class: `badge fill-${o}` }, TYPE_LABEL[o] || o))),
    h('blockquote', {}, p.text),
    p.conditions.length ? h('div', {}, h('h4', {}, 'Conditions'), h('ul', { class: 'conds' }, p.conditions.map((c) => h('li', {}, c)))) : null,
    h('p', { class: 'small muted' }, `${p.text_kind}, confidence ${p.confidence}`),
    h('ul', { class: 'cites' }, (p.sources || []).map((c) => h('li', {}, citation(c))))));
}

function events(view) {
  const items = [];
  if (view.begins) items.push(h('li', {}, h('strong', {}, view.begins), ' begins (signed)', view.attributes && view.attributes.in_force ? `; in force ${view.attributes.in_force}` : ''));
  for (const e of view.events) {
    items.push(h('li', { class: e.contested ? 'contested' : '' }, h('strong', {}, e.date || 'undated'), ` ${e.kind.replace(/_/g, ' ')}`,
      e.article ? ` (${e.article})` : '', e.parties.length ? ` — states ${e.parties.join(', ')}` : '',
      e.note ? h('div', { class: 'small' }, e.note) : null,
      e.legal_effect ? null : h('div', { class: 'small muted' }, 'no legal effect on obligations'),
      (e.sources || []).length ? h('ul', { class: 'cites' }, e.sources.map((c) => h('li', {}, citation(c)))) : null));
  }
  if (view.ends) items.push(h('li', {}, h('strong', {}, view.ends), ' ends'));
  return h('ol', { class: 'events' }, items);
}

function lineage(view) {
  if (!view.lineage_pair) return h('p', { class: 'muted' }, 'Lineage is shown for treaties between two states.');
  const [a, b] = view.lineage_pair;
  return h('div', {}, h('p', {}, `Treaties between ${a.name} and ${b.name}, oldest first:`),
    h('ol', { class: 'lineage' }, view.lineage.map((link) => h('li', { class: link.treaty === view.id ? 'current' : '' },
      h('div', {}, h('strong', {}, link.begins), ' ',
        link.treaty === view.id ? h('span', {}, link.name, ' (this treaty)') : h('a', { href: `/treaty/${encodeURIComponent(link.treaty)}`, 'data-nav': true }, link.name),
        h('span', { class: 'muted small' }, ` ${link.treaty}, ${link.bilateral ? 'bilateral' : 'multilateral'}`)),
      h('div', { class: 'small' }, `${link.a_name} owes ${link.b_name}: ${link.a_owes_b.join(', ') || 'nothing'}; ${link.b_name} owes ${link.a_name}: ${link.b_owes_a.join(', ') || 'nothing'}`),
      link.added.length || link.dropped.length ? h('div', { class: 'small change' }, [link.added.length ? `adds ${link.added.join(', ')}` : '', link.dropped.length ? `drops ${link.dropped.join(', ')}` : ''].filter(Boolean).join('; ')) : null,
      h('div', { class: 'small muted' }, `ends: ${link.ending || (link.ends ? `ended ${link.ends}` : 'in effect')} · sources: ${link.sources.join(', ')}`)))));
}

export async function treatyPage(main, ctx) {
  const id = decodeURIComponent(location.pathname.split('/')[2] || '');
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading treaty…'));
  let view;
  try {
    view = await api(`/api/treaties/${encodeURIComponent(id)}`);
  } catch (err) {
    main.replaceChildren(h('h1', {}, 'Treaty'), h('p', { class: 'error', role: 'alert' }, err.message));
    return;
  }
  document.title = `${view.name} — foedus`;
  const allSources = new Map();
  for (const p of view.provisions) for (const c of p.sources || []) allSources.set(c.url || c.title, c);
  for (const e of view.events) for (const c of e.sources || []) allSources.set(c.url || c.title, c);
  main.replaceChildren(
    h('h1', { id: 'treaty-title' }, view.name),
    h('p', { class: 'lead' }, `${view.id} · ${view.begins} – ${view.ends || 'in effect'} · ${view.bilateral ? 'bilateral' : 'multilateral'} · source ${sourceText(view.source)}`),
    h('section', {}, h('h2', {}, 'Members over time'), timeline(view), membersTable(view)),
    h('section', { id: 'articles' }, h('h2', {}, 'Articles and provisions'), articles(view)),
    h('section', { id: 'history' }, h('h2', {}, 'Status history'), events(view)),
    h('section', { id: 'lineage' }, h('h2', {}, 'Lineage'), lineage(view)),
    h('section', { id: 'sources' }, h('h2', {}, 'Sources'), h('ul', { class: 'cites' },
      h('li', {}, `Membership and obligations: ${sourceText(view.source)}`),
      [...allSources.values()].map((c) => h('li', {}, citation(c))))),
  );
  void ctx;
}
