// Review: paste, upload or give the URL of an article; events with their evidence highlighted;
// accept or reject each proposal (writes need the token given to `foedus serve --token`).

import { api, h, TYPE_LABEL } from './util.js';

const MAX_UPLOAD = 900000;

// The article text with every evidence span marked; overlapping spans are split at edges.
export function highlight(text, spans) {
  const edges = new Set([0, text.length]);
  for (const sp of spans) {
    if (sp.start >= 0 && sp.end <= text.length && sp.start < sp.end) {
      edges.add(sp.start);
      edges.add(sp.end);
    }
  }
  const cuts = [...edges].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < cuts.length - 1; i += 1) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const fields = [...new Set(spans.filter((sp) => sp.start <= a && sp.end >= b).map((sp) => sp.field))];
    const piece = text.slice(a, b);
    out.push(fields.length ? h('mark', { class: `ev ev-${fields[0]}`, title: fields.join(', '), dataset: { fields: fields.join(' ') } }, piece) : piece);
  }
  return out;
}

function eventCard(e, i) {
  const rows = [
    ['Kind', e.kind.replace(/_/g, ' ')],
    ['Parties', e.parties.map((p) => `${p.name} (${p.cow})`).join(', ') || '—'],
    ['Date', e.date ? `${e.date}${e.date_precision !== 'day' ? ` (${e.date_precision})` : ''}` : 'not given'],
    ['Place', e.place || '—'],
    ['Treaty', e.treaty_name || '—'],
    ['Obligations', (e.obligation_types || []).map((t) => TYPE_LABEL[t] || t).join(', ') || '—'],
    ['Conditions', (e.conditions || []).join('; ') || '—'],
    ['Predecessors', (e.predecessors || []).join('; ') || '—'],
  ];
  return h('article', { class: 'event-card' }, h('h3', {}, `Event ${i + 1}: ${e.kind.replace(/_/g, ' ')}`, ' ', h('span', { class: 'muted small' }, `${e.confidence} confidence`)),
    h('dl', {}, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

function proposalCard(p, ctx, refresh) {
  const reviewer = h('input', { type: 'text', placeholder: 'Your name', maxlength: 120, class: 'reviewer', value: sessionStorage.getItem('foedus-reviewer') || '' });
  const reason = h('input', { type: 'text', placeholder: 'Reason (for a rejection)', maxlength: 2000 });
  const out = h('p', { class: 'decision-result', role: 'status' });
  async function decide(verb) {
    const token = sessionStorage.getItem('foedus-token') || '';
    if (!reviewer.value.trim()) {
      out.textContent = 'Give your name as reviewer first.';
      return;
    }
    sessionStorage.setItem('foedus-reviewer', reviewer.value.trim());
    try {
      const done = await api(`/api/review/proposals/${encodeURIComponent(p.id)}/${verb}`, {
        json: { reviewer: reviewer.value.trim(), reason: reason.value || null }, headers: { 'X-Foedus-Token': token } });
      out.textContent = `${done.status === 'accepted' ? 'Accepted' : 'Rejected'}: ${done.decision && done.decision.file ? done.decision.file : done.id}`;
      refresh();
    } catch (err) {
      out.textContent = err.message;
      out.classList.add('error');
    }
  }
  const pending = p.status === 'pending';
  return h('article', { class: `proposal proposal-${p.status}`, dataset: { pid: p.id } },
    h('h3', {}, h('code', {}, p.id), ` ${p.action} · ${p.target} `, h('span', { class: `pill pill-${p.status}` }, p.status)),
    h('p', {}, p.summary),
    p.problems.length ? h('ul', { class: 'problems' }, p.problems.map((x) => h('li', {}, x))) : null,
    p.diff ? h('details', { open: pending }, h('summary', {}, 'Change to the register file'), h('pre', { class: 'diff' },
      p.diff.split('\n').map((line) => h('span', { class: line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : '' }, `${line}\n`)))) : null,
    pending && ctx.status.writable ? h('div', { class: 'decide' }, reviewer, reason,
      h('button', { type: 'button', class: 'accept', onclick: () => decide('accept') }, 'Accept'),
      h('button', { type: 'button', class: 'reject', onclick: () => decide('reject') }, 'Reject')) : null,
    pending && !ctx.status.writable ? h('p', { class: 'muted small' }, 'Read-only: start `foedus serve --token TOKEN` to accept or reject.') : null,
    p.decision ? h('p', { class: 'small muted' }, `Decided by ${p.decision.by} at ${p.decision.at}`) : null,
    out);
}

export async function reviewPage(main, ctx) {
  document.title = 'Review an article — foedus';
  const token = h('input', { type: 'password', id: 'token', autocomplete: 'off', placeholder: 'Token given at start-up', value: sessionStorage.getItem('foedus-token') || '' });
  token.addEventListener('change', () => sessionStorage.setItem('foedus-token', token.value));
  const published = h('input', { type: 'date', id: 'published' });
  const text = h('textarea', { id: 'article-text', rows: 10, maxlength: MAX_UPLOAD, placeholder: 'Paste the article (plain text or HTML)…' });
  const file = h('input', { type: 'file', id: 'article-file', accept: '.txt,.html,.htm,.md,text/plain,text/html' });
  const url = h('input', { type: 'url', id: 'article-url', placeholder: 'https://… (needs the token)', maxlength: 2000 });
  const status = h('p', { class: 'form-status', role: 'status' });
  const results = h('section', { id: 'review-results', 'aria-live': 'polite' });
  const pending = h('section', { id: 'proposals' });

  file.addEventListener('change', async () => {
    const f = file.files[0];
    if (!f) return;
    if (f.size > MAX_UPLOAD) {
      status.textContent = `That file is ${f.size.toLocaleString()} bytes; the limit is ${MAX_UPLOAD.toLocaleString()}.`;
      return;
    }
    text.value = await f.text();
    status.textContent = `Loaded ${f.name} (${f.size.toLocaleString()} bytes).`;
  });

  async function listProposals() {
    try {
      const all = await api('/api/review/proposals');
      pending.replaceChildren(h('h2', {}, `Proposals (${all.filter((p) => p.status === 'pending').length} pending)`),
        ...(all.length ? all.map((p) => proposalCard(p, ctx, listProposals)) : [h('p', { class: 'muted' }, 'None yet.')]));
    } catch (err) {
      pending.replaceChildren(h('p', { class: 'error' }, err.message));
    }
  }

  async function read(event) {
    event.preventDefault();
    sessionStorage.setItem('foedus-token', token.value);
    const body = { published: published.value || null };
    if (url.value.trim()) body.url = url.value.trim();
    else body.text = text.value;
    if (!body.url && !body.text.trim()) {
      status.textContent = 'Paste an article, upload a file or give a URL.';
      return;
    }
    status.textContent = 'Reading…';
    try {
      const got = await api('/api/review/ingest', { json: body, headers: token.value ? { 'X-Foedus-Token': token.value } : {} });
      status.textContent = got.problem || `Read ${got.articles.length} article(s); ${got.proposals.length} proposal(s).`;
      results.replaceChildren(...got.articles.map((a) => {
        const spans = a.events.flatMap((e) => e.evidence || []);
        return h('div', { class: 'article-result' },
          h('h2', {}, a.title || 'Article', ' ', h('span', { class: 'muted small' }, a.published ? `published ${a.published}` : '')),
          a.error ? h('p', { class: 'error' }, a.error) : null,
          h('div', { class: 'review-grid' },
            h('div', { class: 'article-text', id: 'article-view' }, highlight(a.text || '', spans)),
            h('div', { class: 'events' }, a.events.length ? a.events.map(eventCard) : h('p', {}, 'No treaty event found.'),
              a.dropped.length ? h('details', {}, h('summary', {}, `${a.dropped.length} junk lines dropped`), h('ul', { class: 'small' }, a.dropped.map((d) => h('li', {}, `${d.reason}: ${d.text}`)))) : null)));
      }), ...(got.skipped.length ? [h('details', {}, h('summary', {}, `${got.skipped.length} events gave no proposal`), h('ul', {}, got.skipped.map((x) => h('li', {}, `${x.kind}: ${x.reason}`))))] : []));
      await listProposals();
    } catch (err) {
      status.textContent = err.message;
    }
  }

  main.replaceChildren(
    h('h1', {}, 'Review a news article'),
    h('p', { class: 'lead' }, 'foedus reads the article, finds the treaty events it reports with their evidence, and proposes register changes for a person to accept or reject.'),
    h('form', { id: 'ingest-form', class: 'review-form', onsubmit: read },
      h('div', { class: 'control' }, h('label', { for: 'article-text' }, 'Paste'), text),
      h('div', { class: 'row' },
        h('div', { class: 'control' }, h('label', { for: 'article-file' }, 'or upload'), file),
        h('div', { class: 'control' }, h('label', { for: 'article-url' }, 'or URL'), url),
        h('div', { class: 'control' }, h('label', { for: 'published' }, 'Published on'), published),
        h('div', { class: 'control' }, h('label', { for: 'token' }, `Token${ctx.status.writable ? '' : ' (writes disabled)'}`), token)),
      h('button', { type: 'submit', id: 'read-article' }, 'Read article'), status),
    results, pending);
  await listProposals();
}
