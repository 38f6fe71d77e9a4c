// What if A attacks B on D: the escalation cascade as a graph (rounds left to right, an arrow
// from the ally at war to the state its pledge calls in) and, with draws, join probabilities.

import { api, h, s, today, TYPE_LABEL, validDay } from './util.js';

const SIDE_LABEL = { attacker: "attacker's side", target: "target's side" };

function graph(result) {
  const byRound = new Map();
  for (const st of result.states) {
    if (!byRound.has(st.round)) byRound.set(st.round, []);
    byRound.get(st.round).push(st);
  }
  const rounds = [...byRound.keys()].sort((a, b) => a - b);
  const colW = 210;
  const rowH = 34;
  const tallest = Math.max(...[...byRound.values()].map((v) => v.length));
  const width = Math.max(rounds.length * colW + 40, 420);
  const height = tallest * rowH + 50;
  const pos = new Map();
  rounds.forEach((r, i) => byRound.get(r).forEach((st, j) => pos.set(st.state, { x: 30 + i * colW, y: 44 + j * rowH })));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'cascade', role: 'img',
    'aria-label': `Cascade: ${result.states.length} states at war` });
  svg.style.maxWidth = `${width * 1.25}px`; // CSSOM: the policy forbids style attributes
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
    s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));
  rounds.forEach((r, i) => svg.append(s('text', { x: 30 + i * colW, y: 16, class: 'round-label' }, r === 0 ? 'the war' : `round ${r}`)));
  for (const st of result.states) {
    const to = pos.get(st.state);
    for (const b of st.because) {
      const from = pos.get(b.beneficiary);
      if (!from) continue;
      svg.append(s('path', { d: `M ${from.x + 150} ${from.y} C ${from.x + 180} ${from.y}, ${to.x - 40} ${to.y}, ${to.x - 8} ${to.y}`,
        class: 'edge', 'marker-end': 'url(#arrow)' }, s('title', {}, `${b.label}`)));
    }
  }
  for (const st of result.states) {
    const p = pos.get(st.state);
    const chance = st.p_join !== undefined && st.round > 0 ? ` ${Math.round(st.p_join * 100)}%` : '';
    svg.append(s('g', { class: `node side-${st.side}`, 'data-state': st.state },
      s('circle', { cx: p.x, cy: p.y, r: 7 }),
      s('text', { x: p.x + 12, y: p.y + 4 }, `${st.name.length > 20 ? `${st.name.slice(0, 19)}…` : st.name}${chance}`),
      s('title', {}, `${st.name}: ${SIDE_LABEL[st.side] || st.side}, round ${st.round}`)));
  }
  return h('div', { class: 'cascade-wrap' }, svg);
}

function results(result) {
  const mc = result.monte_carlo;
  const table = h('div', { class: 'table-wrap' }, h('table', { id: 'whatif-table' },
    h('thead', {}, h('tr', {}, ['State', 'Side', 'Round', mc ? 'Chance of joining' : null, 'Called in by'].filter(Boolean).map((c) => h('th', {}, c)))),
    h('tbody', {}, result.states.map((st) => h('tr', { class: `side-${st.side}` },
      h('td', {}, `${st.name} (${st.state})`), h('td', {}, SIDE_LABEL[st.side] || st.side), h('td', {}, st.round === 0 ? 'the war' : st.round),
      mc ? h('td', {}, st.p_join === undefined ? '—' : `${Math.round(st.p_join * 100)}%`) : null,
      h('td', {}, st.because.length ? h('ul', { class: 'conds' }, st.because.map((b) => h('li', {},
        `${result.states.find((x) => x.state === b.beneficiary)?.name || b.beneficiary}: `,
        h('a', { href: `/treaty/${encodeURIComponent((b.label.split(', ')[1] || '').split(' ')[0])}`, 'data-nav': true }, b.label)))) : '—'))))));
  const conflicts = result.conflicts.length ? h('section', {}, h('h2', {}, 'Conflicts (they stay out)'), h('ul', {}, result.conflicts.map((c) => h('li', {},
    `${c.name} (round ${c.round}): ${c.kind === 'both-sides' ? 'bound to both sides' : 'called to a side it promised not to join'}`)))) : null;
  const verdicts = h('details', {}, h('summary', {}, `Every pledge judged (${result.verdicts.length})`), h('ul', { class: 'verdicts small' },
    result.verdicts.map((v) => h('li', { class: `verdict-${v.verdict}` }, h('strong', {}, v.verdict), ` — ${v.obligor_name} → ${v.beneficiary_name}, ${TYPE_LABEL[v.type] || v.type}, ${v.treaty_name}: ${v.reason}`))));
  const sizes = mc ? h('section', {}, h('h2', {}, `Monte Carlo: ${mc.draws} draws, seed ${mc.seed}`),
    h('p', {}, 'Coalition sizes (states at war, share of draws): ',
      mc.coalition_sizes.slice(0, 8).map((x) => `${x.attacker_side} with the attacker, ${x.target_side} with the target: ${Math.round(x.share * 100)}%`).join(' · '))) : null;
  return [graph(result), table, conflicts, sizes, verdicts].filter(Boolean);
}

const RATE_LABEL = { defense: 'defense', offense: 'offense', neutral: 'neutrality', nonagg: 'non-aggression', consul: 'consultation', guarantee: 'guarantee' };

// How alliances were honoured in past wars (the reliability analysis the draws calibrate on).
async function reliabilityPanel(box) {
  box.replaceChildren(h('h2', {}, 'Were alliances honoured in past wars?'), h('p', { class: 'loading' }, 'Judging every pledge in every COW inter-state war…'));
  let r;
  try {
    r = await api('/api/reliability');
  } catch (err) {
    box.replaceChildren(h('h2', {}, 'Were alliances honoured in past wars?'), h('p', { class: 'muted' }, err.message));
    return;
  }
  const pct = (x) => (x.rate === null || x.rate === undefined ? '—' : `${Math.round(x.rate * 100)}%`);
  const rows = (group, label) => Object.entries(group).map(([k, x]) => h('tr', {},
    h('td', {}, label(k)), h('td', {}, pct(x)), h('td', {}, `${x.honoured} of ${x.invoked}`), h('td', {}, String(x.undecidable))));
  box.replaceChildren(h('h2', {}, 'Were alliances honoured in past wars?'),
    h('p', { class: 'small muted' }, `Every pledge owed to a participant of a COW inter-state war since ${r.years[0]}, judged as the cascade judges it: ${pct(r.overall)} of ${r.overall.invoked} invoked pledges were honoured (${r.overall.undecidable} the data cannot decide are counted apart).`),
    h('div', { class: 'table-wrap' }, h('table', { id: 'reliability-table' },
      h('thead', {}, h('tr', {}, ['', 'Honoured', 'Cases', 'Undecidable'].map((c) => h('th', {}, c)))),
      h('tbody', {}, rows(r.by_type, (k) => RATE_LABEL[k] || k), rows(r.by_era, (k) => k)))));
}

export async function whatifPage(main, ctx) {
  document.title = 'What if — foedus';
  const params = new URLSearchParams(location.search);
  const attacker = h('input', { type: 'text', id: 'attacker', value: params.get('attacker') || '', placeholder: 'Attacker', maxlength: 80, required: true });
  const target = h('input', { type: 'text', id: 'target', value: params.get('target') || '', placeholder: 'Target', maxlength: 80, required: true });
  const on = h('input', { type: 'date', id: 'whatif-date', value: validDay(params.get('on')) ? params.get('on') : today(), min: '1815-01-01', max: today() });
  const draws = h('select', { id: 'draws' }, [0, 200, 1000].map((n) => h('option', { value: n, selected: String(n) === (params.get('draws') || '0') }, n ? `${n} draws` : 'every triggered pledge honoured')));
  const out = h('section', { id: 'whatif-result', 'aria-live': 'polite' });
  async function run(push) {
    if (!attacker.value.trim() || !target.value.trim() || !validDay(on.value)) {
      out.replaceChildren(h('p', { class: 'muted' }, 'Name an attacker, a target and a date.'));
      return;
    }
    const q = new URLSearchParams({ attacker: attacker.value.trim(), target: target.value.trim(), on: on.value, draws: draws.value });
    history[push ? 'pushState' : 'replaceState']({}, '', `/whatif?${q}`);
    out.replaceChildren(h('p', { class: 'loading' }, Number(draws.value) ? 'Drawing…' : 'Judging every pledge…'));
    try {
      const result = await api(`/api/whatif?${q}`);
      const n = result.states.length;
      out.replaceChildren(h('p', { class: 'lead', id: 'whatif-lead' }, `${result.scenario.attackers.map((x) => x.name).join(', ')} attacks ${result.scenario.targets.map((x) => x.name).join(', ')} on ${result.scenario.on}: `,
        h('strong', {}, `${n} state${n === 1 ? '' : 's'} at war`), ` after ${result.rounds} round${result.rounds === 1 ? '' : 's'}.`), ...results(result));
    } catch (err) {
      out.replaceChildren(h('p', { class: 'error', role: 'alert' }, err.message));
    }
  }
  main.replaceChildren(h('h1', {}, 'What if'),
    h('p', { class: 'lead' }, 'Who would be pulled in, round by round, if one state attacked another on a date: every pledge toward a belligerent is judged against its conditions (the casus foederis); with draws, each is honoured with its historical probability.'),
    h('form', { class: 'controls whatif-form', id: 'whatif-form', onsubmit: (e) => { e.preventDefault(); run(true); } },
      h('div', { class: 'control' }, h('label', { for: 'attacker' }, 'Attacker'), attacker),
      h('div', { class: 'control' }, h('label', { for: 'target' }, 'Target'), target),
      h('div', { class: 'control' }, h('label', { for: 'whatif-date' }, 'Date'), on),
      h('div', { class: 'control' }, h('label', { for: 'draws' }, 'Monte Carlo'), draws),
      h('button', { type: 'submit', id: 'run-whatif' }, 'Run')),
    out, h('section', { id: 'reliability' }));
  void ctx;
  reliabilityPanel(main.querySelector('#reliability'));
  if (params.get('attacker') && params.get('target')) await run(false);
  else out.replaceChildren(h('p', { class: 'muted' }, 'Try ', h('a', { href: '/whatif?attacker=Germany&target=Poland&on=1939-09-01&draws=0', 'data-nav': true }, 'Germany attacks Poland on 1 September 1939'), '.'));
}
