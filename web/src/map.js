// The world map: today's borders (Natural Earth via world-atlas) or, between 1886 and 2019
// when the server has them, CShapes 2.0's borders of the day. States are coloured by the
// strongest obligation type; a state the answer names but the map cannot draw is listed beside.

import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import { api, h, s, STATUS_LABEL, TYPE_LABEL, TYPES } from './util.js';

const WIDTH = 960;
const HEIGHT = 480;
let modern = null; // { features, byIso3 }

async function loadModern() {
  if (modern) return modern;
  const [topo, iso] = await Promise.all([
    fetch('/static/countries-50m.json').then((r) => r.json()),
    fetch('/static/iso-numeric.json').then((r) => r.json()),
  ]);
  const features = feature(topo, topo.objects.countries).features;
  for (const f of features) f.properties.iso3 = iso[String(f.id).padStart(3, '0')] || null;
  modern = { features };
  return modern;
}

const historical = new Map(); // day -> features or null

async function loadHistorical(on, status) {
  const shapes = status.shapes || {};
  if (!shapes.historical || on < (shapes.first || '1886-01-01') || on > (shapes.last || '2019-12-31')) return null;
  if (historical.has(on)) return historical.get(on);
  let found = null;
  try {
    found = (await api(`/api/shapes?on=${on}`)).features;
  } catch {
    found = null;
  }
  if (historical.size > 40) historical.clear();
  historical.set(on, found);
  return found;
}

// Which way each state is bound: the first row (by weight) of each other state wins.
function colouring(answer) {
  const byState = new Map();
  for (const entry of answer.rows) {
    for (const p of entry.parties) {
      if (!byState.has(p.ccode)) byState.set(p.ccode, { ...p, type: entry.type, status: entry.status });
    }
  }
  return byState;
}

export async function drawMap(container, answer, status) {
  const on = answer ? answer.on : null;
  const [base, past] = await Promise.all([loadModern(), on ? loadHistorical(on, status) : null]);
  const useHistory = Array.isArray(past) && past.length > 0;
  const shapes = useHistory ? past : base.features;
  const key = useHistory ? (f) => f.properties.ccode : (f) => f.properties.iso3;
  const parties = answer ? colouring(answer) : new Map();
  const self = answer ? answer.state : null;

  const byKey = new Map();
  for (const p of parties.values()) {
    const k = useHistory ? p.ccode : p.iso3;
    if (k !== null && k !== undefined) byKey.set(k, p);
  }
  const selfKey = self ? (useHistory ? self.ccode : self.iso3) ?? null : null;

  const projection = geoNaturalEarth1().fitExtent([[4, 4], [WIDTH - 4, HEIGHT - 4]], { type: 'Sphere' });
  const path = geoPath(projection);
  const drawn = new Set();
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'map', role: 'img',
    'aria-label': self ? `Map of states bound ${answer.direction === 'toward' ? 'toward' : 'by'} ${self.name} on ${on}` : 'World map' });
  svg.append(s('defs', {}, TYPES.map((t) => s('pattern', { id: `signed-${t}`, width: 6, height: 6,
    patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
  s('rect', { width: 6, height: 6, class: 'signed-bg' }), s('rect', { width: 3, height: 6, class: `fill-${t}` }))))); 
  svg.append(s('path', { d: path({ type: 'Sphere' }), class: 'sphere' }));
  const group = s('g', {});
  for (const f of shapes) {
    const k = key(f);
    const party = k !== null && k !== undefined ? byKey.get(k) : undefined;
    let cls = 'land';
    let title = f.properties.name || '';
    let fill = null;
    if (party) {
      drawn.add(party.ccode);
      if (party.status === 'in_force') cls += ` fill-${party.type}`;
      else fill = `url(#signed-${party.type})`;
      title = `${party.name}: ${TYPE_LABEL[party.type]} (${STATUS_LABEL[party.status] || party.status})`;
    }
    if (selfKey !== null && k === selfKey) {
      cls += ' selected';
      title = `${self.name} (chosen state)`;
    }
    const d = path(f);
    if (!d) continue;
    const el = s('path', { d, class: cls, 'data-key': k ?? '', fill }, s('title', {}, title));
    group.append(el);
  }
  svg.append(group);

  const missing = [...parties.values()].filter((p) => !drawn.has(p.ccode));
  const selfMissing = self && (selfKey === null || !shapes.some((f) => key(f) === selfKey));
  const legend = h('ul', { class: 'legend' },
    TYPES.map((t) => h('li', {}, h('span', { class: `swatch fill-${t}` }), TYPE_LABEL[t])),
    h('li', {}, h('span', { class: 'swatch striped' }), 'signed, not in force'),
    h('li', {}, h('span', { class: 'swatch selected-swatch' }), 'chosen state'));
  const caption = useHistory
    ? `Borders of ${on}: CShapes 2.0 (Schvitz et al. 2022).`
    : `Today's borders (Natural Earth). ${on && on < '2020-01-01' ? (status.shapes && status.shapes.historical
      ? 'CShapes 2.0 has no borders for this date.' : 'Historical borders are not installed; states are placed on their present-day territory.') : ''}`;
  const aside = h('aside', { class: 'unmapped', 'aria-label': 'States not on the map' },
    h('h3', {}, 'Not on the map'),
    missing.length || selfMissing
      ? h('ul', { id: 'unmapped-list' },
        selfMissing ? h('li', {}, `${self.name} (${self.ccode}) — chosen state, no shape on this map`) : null,
        missing.map((p) => h('li', { dataset: { ccode: p.ccode } },
          h('span', { class: `swatch fill-${p.type}` }), `${p.name} (${p.ccode}) — ${TYPE_LABEL[p.type]}`)))
      : h('p', { class: 'muted' }, parties.size ? 'Every state in the answer is on the map.' : 'No state to show.'));
  container.replaceChildren(h('figure', { class: 'map-figure' }, svg,
    h('figcaption', {}, caption)), aside, legend);
  container.dataset.source = useHistory ? 'cshapes' : 'natural-earth';
  return { drawn, missing };
}
