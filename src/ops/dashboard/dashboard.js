// The operations dashboard: polls /api/ops/overview every 2 s and updates figures and charts in
// place (no reload). Plain browser JavaScript; Chart.js is served from the hub's node_modules.
'use strict';

const POLL_MS = 2000;
const $ = (id) => document.getElementById(id);
const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('da-DK'));
const time = (iso) => (iso ? new Date(iso).toLocaleString('da-DK') : '–');
const charts = {};

const cell = (text, numeric) => {
  const td = document.createElement('td');
  td.textContent = text;
  if (numeric) td.className = 'num';
  return td;
};

const fillTable = (id, rows, toCells, rowClass) => {
  const body = $(id).querySelector('tbody');
  body.replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    if (rowClass) tr.className = rowClass(r) || '';
    for (const [text, numeric] of toCells(r)) tr.append(cell(String(text), numeric));
    return tr;
  }));
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = cell('ingen');
    td.colSpan = $(id).querySelectorAll('thead th').length;
    tr.append(td);
    body.append(tr);
  }
};

const chart = (id, type, options = {}) => {
  if (charts[id] || typeof Chart === 'undefined') return charts[id];
  charts[id] = new Chart($(id), {
    type,
    data: { labels: [], datasets: [] },
    options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom' } }, ...options },
  });
  return charts[id];
};

const setChart = (id, type, labels, datasets, options) => {
  const c = chart(id, type, options);
  if (!c) return;
  c.data.labels = labels;
  // Keep dataset objects so Chart.js updates rather than redraws from scratch.
  datasets.forEach((d, i) => { c.data.datasets[i] = Object.assign(c.data.datasets[i] || {}, d); });
  c.data.datasets.length = datasets.length;
  c.update('none');
};

const COLORS = ['#1f6feb', '#d97706', '#16a34a', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#65a30d'];

const render = (o) => {
  $('tile-lag').textContent = fmt(o.lag.total);
  $('tile-held').textContent = fmt(o.waiting.held);
  $('tile-waiting').textContent = fmt(o.waiting.awaitingFund);
  $('tile-missing').textContent = fmt(o.alarms.missing);
  $('tile-dead').textContent = fmt(o.deadLetters.total);
  $('tile-reports').textContent = fmt(o.receipts.reports);

  const lagRows = o.lag.rows;
  setChart('chart-lag', 'bar', lagRows.map((r) => `${r.group} · ${r.topic}[${r.partition}]`),
    [{ label: 'lag (beskeder)', data: lagRows.map((r) => r.lag ?? 0), backgroundColor: lagRows.map((r) => ((r.lag ?? 0) > 0 ? '#d97706' : '#1f6feb')) }],
    { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } });
  fillTable('table-lag', lagRows, (r) => [[r.group], [r.topic], [r.partition, true], [r.committedOffset ?? '-', true], [r.endOffset, true], [r.lag === null ? '-' : r.lag, true], [r.owner ?? '-'], [r.state ?? '-']], (r) => ((r.lag ?? 0) > 0 ? 'lagging' : ''));
  fillTable('table-instances', o.instances, (i) => [[i.instance], [i.roles.join(', ')], [i.partitions, true], [i.startedAt]]);

  const states = ['waiting', 'delayed', 'active', 'failed'];
  setChart('chart-queues', 'bar', o.queues.map((q) => q.queue),
    states.map((s, i) => ({ label: s, data: o.queues.map((q) => q[s]), backgroundColor: COLORS[i] })),
    { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } });

  setChart('chart-dead', 'doughnut', o.deadLetters.byCode.map((d) => d.code),
    [{ label: 'døde breve', data: o.deadLetters.byCode.map((d) => d.count), backgroundColor: COLORS }]);
  fillTable('table-dead', o.deadLetters.recent, (d) => [[d.id], [d.kode], [d.aarsag], [d.replayed ? time(d.replayed.at) : 'nej']]);

  const late = o.compliance.byKommune.slice(0, 20);
  $('period').textContent = `${o.compliance.period.from} – ${o.compliance.period.to}`;
  setChart('chart-late', 'bar', late.map((k) => k.kommunekode), [
    { label: 'rettidig', data: late.map((k) => k.rettidig), backgroundColor: '#16a34a' },
    { label: 'forsinket', data: late.map((k) => k.forsinket), backgroundColor: '#d97706' },
    { label: 'manglende', data: late.map((k) => k.manglende), backgroundColor: '#dc2626' },
  ], { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } });
  fillTable('table-compliance', o.compliance.rows, (r) => [[r.kommunekode], [r.paragraf], [r.rettidig, true], [r.forsinket, true], [r.foertidlig, true], [r.afvist, true], [r.manglende, true]]);

  if (o.reconciliation) {
    $('reconciliation-counts').textContent = `${fmt(o.reconciliation.open)} åbne, ${fmt(o.reconciliation.closed)} lukkede`;
    fillTable('table-reconciliation', o.reconciliation.rows, (r) => [[r.kommunekode], [r.paragraf], [r.aabne, true], [r.lukkede, true]]);
    fillTable('table-reconciliation-open', o.reconciliation.recentOpen, (a) => [[a.kommunekode], [a.paragraf], [`${a.fradato} – ${a.tildato}`], [a.beskrivelse]]);
  }
  fillTable('table-alarms', o.alarms.recent, (a) => [[a.type], [a.kommunekode], [a.fristdato ?? '–'], [time(a.tidspunkt)]]);
  fillTable('table-waiting', o.waiting.items, (w) => [[w.indberetningId], [w.grund], [time(new Date(w.dueAt).toISOString())], [w.forsoeg, true]]);
};

let failures = 0;
const poll = async () => {
  try {
    const response = await fetch('/api/ops/overview', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const overview = await response.json();
    render(overview);
    failures = 0;
    $('status').textContent = `opdateret ${time(overview.generatedAt)}`;
    $('status').className = 'status';
    document.body.dataset.updatedAt = overview.generatedAt;
  } catch (error) {
    failures++;
    $('status').textContent = `ingen forbindelse (${error.message}); prøver igen`;
    $('status').className = 'status stale';
  } finally {
    setTimeout(poll, failures > 0 ? Math.min(POLL_MS * 2 ** failures, 30000) : POLL_MS);
  }
};

poll();
