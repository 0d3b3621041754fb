/**
 * The live page of a running study (`fractable study … --serve`): one self-contained HTML page
 * (no external resources) whose script asks the study process for `status.json` every second
 * and redraws progress, rate, ETA, failures and the outcome shares per scenario with their 95%
 * Wilson intervals, and for a study with a design per design point (a bounded selection: the
 * points with the most runs; the study's status body, study/status.ts). Read-only: it only ever GETs.
 * Every text it shows from the study goes in through textContent, never as HTML.
 */
import { CSS, esc } from './html.js';

/** Milliseconds between two polls of the page. */
export const LIVE_POLL_MS = 1000;

const LIVE_CSS = `
.bar { position: relative; height: 18px; background: var(--bg-alt); border: 1px solid var(--line); border-radius: 3px; max-width: 640px; }
.bar > div { position: absolute; left: 0; top: 0; bottom: 0; background: var(--accent); }
.kv { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 8px 0 16px; }
.kv span b { font-variant-numeric: tabular-nums; }
td.share svg { vertical-align: middle; margin-left: 6px; }
#gone { color: #9a3412; }
`;

/** The page. `study`: the study's name, for the title (escaped). */
export function livePage(study: string): string {
  const script = `
const POLL = ${LIVE_POLL_MS};
const $ = (id) => document.getElementById(id);
const pct = (x) => (100 * x).toFixed(1);
function secs(s) {
  if (s === null || s === undefined) return '…';
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = Math.round(s % 60);
  return h > 0 ? h + ' h ' + m + ' min' : m > 0 ? m + ' min ' + r + ' s' : r + ' s';
}
function td(text, cls) { const c = document.createElement('td'); c.textContent = text; if (cls) c.className = cls; return c; }
function whisker(o) {
  const ns = 'http://www.w3.org/2000/svg', w = 80, h = 10;
  const svg = document.createElementNS(ns, 'svg'); svg.setAttribute('width', w); svg.setAttribute('height', h);
  const line = (x1, x2, y1, y2) => { const l = document.createElementNS(ns, 'line'); l.setAttribute('x1', x1); l.setAttribute('x2', x2); l.setAttribute('y1', y1); l.setAttribute('y2', y2); l.setAttribute('stroke', '#0b5cad'); return l; };
  const bg = document.createElementNS(ns, 'rect'); bg.setAttribute('width', w); bg.setAttribute('height', h); bg.setAttribute('fill', '#f6f8fa'); svg.appendChild(bg);
  svg.appendChild(line(o.lo * w, o.hi * w, h / 2, h / 2));
  const dot = document.createElementNS(ns, 'circle'); dot.setAttribute('cx', o.p * w); dot.setAttribute('cy', h / 2); dot.setAttribute('r', 3); dot.setAttribute('fill', '#0b5cad'); svg.appendChild(dot);
  return svg;
}
function draw(s) {
  $('done').textContent = s.done + ' of ' + s.total + ' runs';
  $('fill').style.width = (s.total > 0 ? (100 * s.done) / s.total : 0) + '%';
  $('rate').textContent = s.runs_per_second > 0 ? s.runs_per_second.toFixed(2) : '…';
  $('eta').textContent = s.state === 'running' ? secs(s.eta_seconds) : '—';
  $('failed').textContent = String(s.failed);
  $('state').textContent = s.state;
  $('updated').textContent = s.updated;
  const live = s.live;
  if (!live) return;
  const head = $('head'), body = $('rows');
  head.replaceChildren(); body.replaceChildren();
  const hr = document.createElement('tr');
  for (const h of ['scenario', 'runs', 'failed', ...live.labels]) { const th = document.createElement('th'); th.textContent = h; hr.appendChild(th); }
  head.appendChild(hr);
  for (const r of live.scenarios) {
    const tr = document.createElement('tr');
    tr.appendChild(td(r.scenario)); tr.appendChild(td(String(r.runs), 'num')); tr.appendChild(td(String(r.failed), 'num'));
    shareCells(tr, r.outcomes, live.labels);
    body.appendChild(tr);
  }
  drawPoints(live);
  $('meta').textContent = 'model ' + live.model + ', fractable ' + live.version + ', seed ' + live.seed +
    (live.design_method ? ', ' + live.design_method + ' design of ' + live.design_points + ' points' : '') + ', ' + live.replicates + ' replicate(s)' + (s.shard ? ', shard ' + s.shard : '');
}
function shareCells(tr, outcomes, labels) {
  for (const k of labels) {
    const o = outcomes[k];
    const c = td(o ? pct(o.p) + '% [' + pct(o.lo) + ', ' + pct(o.hi) + ']' : '—', 'share');
    if (o) c.appendChild(whisker(o));
    tr.appendChild(c);
  }
}
function num(v) { return Math.abs(v) >= 100 ? v.toFixed(1) : String(Number(v.toPrecision(4))); }
function drawPoints(live) {
  const p = live.points;
  $('points').hidden = !p;
  if (!p) return;
  $('pnote').textContent = !p.tracked
    ? 'Not tallied live: ' + p.pairs + ' pairs of scenario and design point are too many; read them from the store once the study ends.'
    : p.with_runs <= p.limit
      ? 'Every pair of scenario and design point with a run stored (' + p.with_runs + ' of ' + p.pairs + ').'
      : 'The ' + p.rows.length + ' pairs of scenario and design point with the most runs stored (of ' + p.with_runs + ' with runs, ' + p.pairs + ' in all; ties: scenario order, then point); study --live-points sets how many.';
  const head = $('phead'), body = $('prows');
  head.replaceChildren(); body.replaceChildren();
  const hr = document.createElement('tr');
  for (const h of ['scenario', 'point', ...p.parameters, 'runs', 'failed', ...live.labels]) { const th = document.createElement('th'); th.textContent = h; hr.appendChild(th); }
  head.appendChild(hr);
  for (const r of p.rows) {
    const tr = document.createElement('tr');
    tr.appendChild(td(r.scenario)); tr.appendChild(td(String(r.design_point), 'num'));
    for (const v of r.values) tr.appendChild(td(num(v), 'num'));
    tr.appendChild(td(String(r.runs), 'num')); tr.appendChild(td(String(r.failed), 'num'));
    shareCells(tr, r.outcomes, live.labels);
    body.appendChild(tr);
  }
}
let last = null;
async function poll() {
  try {
    const r = await fetch('status.json', { cache: 'no-store' });
    if (!r.ok) throw new Error('HTTP ' + r.status);
    last = await r.json();
    draw(last);
    $('gone').textContent = '';
    if (last.state === 'running') setTimeout(poll, POLL);
  } catch (e) {
    // the study process ended (or is unreachable): keep the last figures on the page
    $('gone').textContent = 'The study process no longer answers' + (last ? ' (last status ' + last.state + ', ' + last.updated + ')' : '') + '. Read the store with npx fractable summary.';
  }
}
poll();
`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>fractable live: ${esc(study)}</title><style>${CSS}${LIVE_CSS}</style></head>
<body>
<header class="top"><h1>Study ${esc(study)}: live</h1><p id="meta"></p></header>
<main>
<section>
<div class="bar"><div id="fill" style="width:0%"></div></div>
<div class="kv">
<span>stored: <b id="done">…</b></span>
<span>runs per second: <b id="rate">…</b></span>
<span>time to go: <b id="eta">…</b></span>
<span>failed: <b id="failed">…</b></span>
<span>state: <b id="state">…</b></span>
<span>status written: <b id="updated">…</b></span>
</div>
<p id="gone"></p>
</section>
<section>
<h2>Outcome shares so far</h2>
<p class="note">Share of the stored runs of each scenario that ended in each outcome (over the runs that finished; failed runs apart), with the 95% Wilson score interval, updated every ${LIVE_POLL_MS / 1000} s while the study runs. Partial results: the runs stored first are not a random sample of the study when its run order follows the design.</p>
<div class="table-wrap"><table><thead id="head"></thead><tbody id="rows"></tbody></table></div>
</section>
<section id="points" hidden>
<h2>Outcome shares per design point</h2>
<p class="note">Per scenario and design point: its factor values, runs stored, and the share of its finished runs that ended in each outcome with the 95% Wilson score interval. <span id="pnote"></span></p>
<div class="table-wrap"><table><thead id="phead"></thead><tbody id="prows"></tbody></table></div>
</section>
</main>
<script>${script}</script>
</body></html>
`;
}
