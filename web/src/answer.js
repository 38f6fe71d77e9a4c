// "Who defends X on D" and "What X owes to whom on D": controls, map, table.

import { drawMap } from './map.js';
import {
  api, citation, dayNumber, debounce, FIRST, h, isoOf, sourceText, STATUS_LABEL, today, TYPE_LABEL,
  TYPES, validDay,
} from './util.js';

const FOLD = 3;
// A table cell whose content sits in one box, so a phone can lay label and content side by side.
const cell = (label, ...children) => h('td', { 'data-label': label }, h('div', {}, children));
 // a treaty giving more rows than this of one type and status shows as one line

function groupRows(rows) {
  const count = new Map();
  for (const r of rows) {
    const k = `${r.treaty}|${r.type}|${r.status}`;
    count.set(k, (count.get(k) || 0) + 1);
  }
  const out = [];
  const groups = new Map();
  for (const r of rows) {
    const k = `${r.treaty}|${r.type}|${r.status}`;
    if (count.get(k) > FOLD) {
      if (!groups.has(k)) {
        const g = { group: true, rows: [] };
        groups.set(k, g);
        out.push(g);
      }
      groups.get(k).rows.push(r);
    } else out.push({ group: false, rows: [r] });
  }
  return out;
}

function span(rows) {
  const from = rows.map((r) => r.valid_from).sort()[0];
  const ends = rows.map((r) => r.valid_to);
  const to = ends.includes(null) ? 'ongoing' : ends.sort().at(-1);
  return `${from} – ${to}`;
}

function provisionsCell(rows) {
  const seen = new Set();
  const out = [];
  for (const r of rows) {
    for (const p of r.provisions || []) {
      const k = `${r.treaty}|${p.article}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(h('details', { class: 'article' }, h('summary', {}, `${p.article}`),
        h('blockquote', {}, p.text),
        h('ul', { class: 'cites' }, (p.sources || []).map((c) => h('li', {}, citation(c))))));
    }
  }
  return out;
}

function table(answer) {
  const toward = answer.direction === 'toward';
  const body = h('tbody', {});
  for (const g of groupRows(answer.rows)) {
    const first = g.rows[0];
    const names = g.rows.map((r) => (toward ? `${r.obligor_name} (${r.obligor})` : `${r.beneficiary_name} (${r.beneficiary})`));
    const who = g.group
      ? h('details', {}, h('summary', {}, `${g.rows.length} states`), h('p', { class: 'small' }, names.sort().join(', ')))
      : h('span', {}, names[0]);
    const conds = g.group
      ? g.rows[0].conditions.filter((c) => g.rows.every((r) => r.conditions.includes(c)))
      : first.conditions;
    const src = g.group ? `${first.source.dataset} ${first.source.version}` : sourceText(first.source);
    body.append(h('tr', { class: `row-${first.type} status-${first.status}`, dataset: { treaty: first.treaty } },
      cell(toward ? 'Bound state' : 'Owed to', who),
      cell('Type', h('span', { class: `badge fill-${first.type}` }, TYPE_LABEL[first.type])),
      cell('Status', h('span', { class: `status status-${first.status}` }, STATUS_LABEL[first.status] || first.status)),
      cell('Treaty', h('a', { href: `/treaty/${encodeURIComponent(first.treaty)}`, 'data-nav': true }, first.treaty_name || first.treaty),
        h('div', { class: 'muted small' }, `${first.treaty} · in effect ${span(g.rows)}`)),
      cell('Conditions', conds.length ? h('ul', { class: 'conds' }, conds.map((c) => h('li', {}, c))) : h('span', { class: 'muted' }, 'unconditional'),
        (first.notes || []).map((n) => h('p', { class: 'note small' }, n))),
      cell('Source', h('span', { class: 'small' }, src), provisionsCell(g.rows))));
  }
  return h('div', { class: 'table-wrap' }, h('table', { class: 'answer', id: 'answer-table' },
    h('thead', {}, h('tr', {}, h('th', {}, toward ? 'Bound state' : 'Owed to'), h('th', {}, 'Type'),
      h('th', {}, 'Status'), h('th', {}, 'Treaty'), h('th', {}, 'Conditions'), h('th', {}, 'Source'))),
    body));
}

export async function answerPage(main, ctx) {
  const toward = ctx.page !== 'owes';
  const params = new URLSearchParams(location.search);
  const state = params.get('state') || '';
  let on = validDay(params.get('on')) ? params.get('on') : today();
  const types = params.getAll('type').filter((t) => TYPES.includes(t));

  const title = h('h1', {}, toward ? 'Who is bound toward a state' : 'What a state owes to whom');
  const dateInput = h('input', { type: 'date', id: 'date-input', value: on, min: FIRST, max: today(), required: true });
  const slider = h('input', { type: 'range', id: 'date-slider', min: dayNumber(FIRST), max: dayNumber(today()), step: 1,
    value: dayNumber(on), 'aria-label': 'Date, 1815 to today' });
  const sliderLabel = h('output', { for: 'date-slider', id: 'slider-label' }, on);
  const typeBoxes = TYPES.map((t) => h('label', { class: 'type-box' },
    h('input', { type: 'checkbox', value: t, checked: types.includes(t) }), h('span', { class: `swatch fill-${t}` }), TYPE_LABEL[t]));
  const mapBox = h('div', { class: 'map-box', id: 'map' });
  const result = h('section', { id: 'result', 'aria-live': 'polite' });
  const controls = h('form', { class: 'controls', id: 'controls' },
    h('div', { class: 'control' }, h('label', { for: 'date-input' }, 'Date'), dateInput),
    h('div', { class: 'control slider' }, h('label', { for: 'date-slider' }, '1815 ', h('span', { class: 'muted' }, '— drag —'), ` ${today().slice(0, 4)}`), slider, sliderLabel),
    h('fieldset', { class: 'control types' }, h('legend', {}, 'Types (none ticked: all)'), typeBoxes));
  main.replaceChildren(title, h('p', { class: 'lead', id: 'lead' }), controls, mapBox, result);

  const lead = main.querySelector('#lead');
  if (!state) {
    lead.replaceChildren('Search a state above (any name, COW code or ISO3), or try: ',
      ...[['North Korea', '1962-01-01'], ['South Korea', '2010-06-01'], ['Belgium', '1833-01-01'], ['Poland', '1939-09-01']]
        .flatMap(([n, d], i) => [i ? ', ' : '', h('a', { href: `/${ctx.page}?state=${encodeURIComponent(n)}&on=${d}`, 'data-nav': true }, `${n} on ${d}`)]),
      '.');
    await drawMap(mapBox, null, ctx.status).catch(() => {});
    return;
  }

  function currentTypes() {
    return typeBoxes.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
  }
  function url(day) {
    const q = new URLSearchParams({ state, on: day });
    for (const t of currentTypes()) q.append('type', t);
    return `/${ctx.page}?${q}`;
  }

  let serial = 0;
  async function load(day, push) {
    const mine = ++serial;
    on = day;
    dateInput.value = day;
    slider.value = dayNumber(day);
    sliderLabel.textContent = day;
    history[push ? 'pushState' : 'replaceState']({}, '', url(day));
    const q = new URLSearchParams({ state, on: day });
    for (const t of currentTypes()) q.append('type', t);
    main.classList.add('busy');
    let answer;
    try {
      answer = await api(`/api/${toward ? 'defends' : 'obligations'}?${q}`);
    } catch (err) {
      if (mine !== serial) return;
      main.classList.remove('busy');
      result.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message));
      lead.textContent = '';
      return;
    }
    if (mine !== serial) return;
    main.classList.remove('busy');
    const who = `${answer.state.name} (${answer.state.ccode})`;
    document.title = `${toward ? 'Who is bound toward' : 'What is owed by'} ${answer.state.name} on ${day} — foedus`;
    title.textContent = toward ? `Who is bound toward ${answer.state.name}` : `What ${answer.state.name} owes to whom`;
    const n = answer.rows.length;
    const parts = Object.entries(answer.counts).map(([t, c]) => `${c} ${TYPE_LABEL[t]}`).join(', ');
    lead.replaceChildren(`${who} on ${day}: `, h('strong', { id: 'count' }, `${n} obligation${n === 1 ? '' : 's'}`),
      n ? ` (${parts}).` : '.', ' ',
      h('a', { href: `/${toward ? 'owes' : 'defends'}?state=${answer.state.ccode}&on=${day}`, 'data-nav': true },
        toward ? `What ${answer.state.name} owes →` : `Who is bound toward ${answer.state.name} →`));
    result.replaceChildren(n ? table(answer) : h('p', { class: 'empty' }, `No obligation ${toward ? 'toward' : 'of'} ${answer.state.name} on ${day}.`));
    await drawMap(mapBox, answer, ctx.status);
  }

  const fromSlider = debounce(() => load(isoOf(Number(slider.value)), false), 160);
  slider.addEventListener('input', () => {
    sliderLabel.textContent = isoOf(Number(slider.value));
    fromSlider();
  });
  dateInput.addEventListener('change', () => {
    if (validDay(dateInput.value)) load(dateInput.value, true);
  });
  for (const l of typeBoxes) l.querySelector('input').addEventListener('change', () => load(on, true));
  controls.addEventListener('submit', (e) => e.preventDefault());
  await load(on, false);
}
