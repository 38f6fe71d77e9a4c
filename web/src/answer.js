// "Who defends X on D" and "What X owes to whom on D": controls, map, table.

import { drawMap } from './map.js';
import {
  api, citation, dayNumber, debounce, FIRST, h, isoOf, sourceText, STATUS_LABEL, today, TYPE_LABEL,
  TYPES, validDay,
} from './util.js';

// A table cell whose content sits in one box, so a phone can lay label and content side by side.
const cell = (label, ...children) => h('td', { 'data-label': label }, h('div', {}, children));

function span(entry) {
  return `${entry.valid_from} – ${entry.valid_to || 'ongoing'}`;
}

function provisionsCell(entry) {
  const out = [];
  for (const p of entry.provisions || []) {
    out.push(h('details', { class: 'article' }, h('summary', {}, `${p.article}`),
        h('blockquote', {}, p.text),
        h('ul', { class: 'cites' }, (p.sources || []).map((c) => h('li', {}, citation(c))))));
  }
  return out;
}

function table(answer) {
  const toward = answer.direction === 'toward';
  const body = h('tbody', {});
  for (const e of answer.rows) {
    const names = e.parties.map((p) => `${p.name} (${p.ccode})`);
    const who = e.folded
      ? h('details', {}, h('summary', {}, e.label || `${e.count} states`), h('p', { class: 'small' }, names.sort().join(', ')))
      : h('span', {}, names[0]);
    const src = e.folded ? `${e.source.dataset} ${e.source.version}` : sourceText(e.source);
    body.append(h('tr', { class: `row-${e.type} status-${e.status}`, dataset: { treaty: e.treaty } },
      cell(toward ? 'Bound state' : 'Owed to', who),
      cell('Type', h('span', { class: `badge fill-${e.type}` }, TYPE_LABEL[e.type])),
      cell('Status', h('span', { class: `status status-${e.status}` }, STATUS_LABEL[e.status] || e.status)),
      cell('Treaty', h('a', { href: `/treaty/${encodeURIComponent(e.treaty)}`, 'data-nav': true }, e.treaty_name || e.treaty),
        h('div', { class: 'muted small' }, `${e.treaty} · in effect ${span(e)}`)),
      cell('Conditions', e.conditions.length ? h('ul', { class: 'conds' }, e.conditions.map((c) => h('li', {}, c))) : h('span', { class: 'muted' }, 'unconditional'),
        (e.notes || []).map((n) => h('p', { class: 'note small' }, n))),
      cell('Source', h('span', { class: 'small' }, src), provisionsCell(e))));
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
    const n = answer.total;
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
