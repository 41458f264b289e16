// The local cloud console: a few fetches against /_local/*, rendered with the DOM. No framework.
'use strict';
const $ = (sel) => document.querySelector(sel);
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const time = (t) => new Date(t).toLocaleString('zh-CN', { hour12: false });
const PAGE = 20;
const state = { coll: null, skip: 0, total: 0, lastRuns: {} };

async function getJson(url, init) {
  const res = await fetch(url, init);
  const body = await res.json();
  if (!res.ok) throw new Error(body.errMsg || `HTTP ${res.status}`);
  return body;
}

function showTab() {
  const tab = (location.hash || '#data').slice(1);
  document.querySelectorAll('.tab').forEach((s) => (s.hidden = s.id !== `tab-${tab}`));
  document.querySelectorAll('[data-tab]').forEach((a) => a.classList.toggle('on', a.dataset.tab === tab));
  if (tab === 'calls') loadCalls();
  if (tab === 'outbox') loadOutbox();
}

async function loadOverview() {
  const o = await getJson('/_local/console/overview');
  $('#now').textContent = time(o.now);
  $('#now2').textContent = `${time(o.now)} (${o.now})`;
  $('#collections').innerHTML = o.collections
    .map((c) => `<li><a href="#data" data-coll="${esc(c.name)}" class="${c.name === state.coll ? 'on' : ''}"><span>${esc(c.name)}</span><span class="n">${c.documents}</span></a></li>`)
    .join('');
  $('#triggers').innerHTML = o.triggers
    .map((t) => `<tr><td>${esc(t.fn)}</td><td>${esc(t.name)}</td><td class="mono">${esc(t.config)}</td><td><button type="button" data-fn="${esc(t.fn)}" data-trigger="${esc(t.name)}">run now</button></td><td class="mono" data-last="${esc(t.fn + '/' + t.name)}">${esc(state.lastRuns[t.fn + '/' + t.name] || '')}</td></tr>`)
    .join('') || '<tr><td colspan="5">No timer triggers in any config.json.</td></tr>';
}

async function loadDocs() {
  if (!state.coll) return;
  $('#coll-title').textContent = state.coll;
  $('#query-error').textContent = '';
  const params = new URLSearchParams({ q: $('#q').value, sort: $('#sort').value, skip: String(state.skip), limit: String(PAGE) });
  try {
    const r = await getJson(`/_local/console/collections/${encodeURIComponent(state.coll)}?${params}`);
    state.total = r.total;
    $('#range').textContent = r.total ? `${r.skip + 1}–${r.skip + r.docs.length} of ${r.total}` : '0 documents';
    $('#docs').innerHTML = r.docs.map((d) => `<pre>${esc(JSON.stringify(d, null, 2))}</pre>`).join('');
  } catch (err) {
    $('#query-error').textContent = err.message;
    $('#docs').innerHTML = '';
    $('#range').textContent = '';
  }
  $('#prev').disabled = state.skip === 0;
  $('#next').disabled = state.skip + PAGE >= state.total;
}

async function loadCalls() {
  const { items } = await getJson('/_local/console/calls?limit=200');
  $('#calls').innerHTML = items
    .map((c) => `<tr><td>${time(c.at)}</td><td class="mono">${esc(c.name)}${c.action ? '.' + esc(c.action) : ''}</td><td class="mono">${esc(c.openid || '(none)')}</td><td>${Math.round(c.ms)}</td><td>${c.dbRequests}</td><td class="${c.ok ? 'ok' : 'fail'}">${c.ok ? 'ok' : 'fail'}${c.error ? ' ' + esc(c.error) : ''}</td></tr>`)
    .join('') || '<tr><td colspan="6">No calls yet.</td></tr>';
}

async function loadOutbox() {
  const { items } = await getJson('/_local/outbox');
  $('#outbox').innerHTML = items.map((i) => `<tr><td>${time(i.at)}</td><td class="mono">${esc(i.api)}</td><td><pre>${esc(JSON.stringify(i.data, null, 2))}</pre></td></tr>`).join('') || '<tr><td colspan="3">Nothing sent yet.</td></tr>';
}

$('#collections').addEventListener('click', (e) => {
  const a = e.target.closest('[data-coll]');
  if (!a) return;
  e.preventDefault();
  state.coll = a.dataset.coll;
  state.skip = 0;
  document.querySelectorAll('[data-coll]').forEach((x) => x.classList.toggle('on', x === a));
  loadDocs();
});
$('#query').addEventListener('submit', (e) => {
  e.preventDefault();
  state.skip = 0;
  loadDocs();
});
$('#prev').addEventListener('click', () => { state.skip = Math.max(0, state.skip - PAGE); loadDocs(); });
$('#next').addEventListener('click', () => { state.skip += PAGE; loadDocs(); });
$('#advance').addEventListener('click', async (e) => {
  const ms = e.target.dataset && e.target.dataset.ms;
  if (!ms) return;
  await getJson('/_local/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: Number(ms) }) });
  loadOverview();
});
$('#triggers').addEventListener('click', async (e) => {
  const b = e.target.closest('button[data-fn]');
  if (!b) return;
  const key = `${b.dataset.fn}/${b.dataset.trigger}`;
  b.disabled = true;
  try {
    const r = await getJson(`/_local/triggers/${encodeURIComponent(b.dataset.fn)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ triggerName: b.dataset.trigger }) });
    state.lastRuns[key] = `ok ${time(Date.now())} ${JSON.stringify(r.result ?? null).slice(0, 200)}`;
  } catch (err) {
    state.lastRuns[key] = `fail: ${err.message}`;
  }
  b.disabled = false;
  loadOverview();
});

window.addEventListener('hashchange', showTab);
showTab();
loadOverview();
setInterval(() => {
  loadOverview();
  if (location.hash === '#calls') loadCalls();
}, 2000);
