/**
 * The run report: one self-contained HTML page of one world (`fractable run … --report FILE`,
 * `fractable replay … --report FILE`), built with the study report's chart code (Vega-Lite
 * rendered to inline SVG in Node, the same page shell and CSP: no scripts, no external
 * resources). It shows the outcome and the run's identity; every state variable over time (small
 * multiples, each with its unit); every population's action shares over time; and the event
 * timeline (events by kind over ticks) with the event counts and the first events as a table.
 *
 * Every string from the user or the model (scenario name, description, claim, event details)
 * is escaped by `esc` or by Vega (which escapes every text it writes into an SVG).
 */
import type { ModelDeclaration, ModelEvent } from '../engine/declaration.js';
import type { RunResult } from '../engine/protocol.js';
import { CONFIG, OUTCOME_COLORS, renderChart } from './charts.js';
import { tickTitle } from './units.js';
import { esc, figure, htmlTable, page, type Cell } from './html.js';
import type { TopLevelSpec } from 'vega-lite';

/** Most ticks drawn per line: longer series are thinned to every k-th kept tick (and the last). */
export const MAX_POINTS = 260;
/** Most events listed in the table (all are counted and drawn). */
export const MAX_EVENT_ROWS = 200;

export interface RunReportInput {
  model: ModelDeclaration;
  run: RunResult;
  /** the scenario as the user wrote it: name, description, claim, start date */
  scenario: { name: string; description?: string | undefined; claim?: string | undefined; start?: string | undefined };
  /** fractable's version, the workers and mode of the run, and where the run came from (a command line, a store) */
  version: string;
  provenance: string;
}

export interface RunReport { html: string; charts: number; warnings: string[] }

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const finite = (v: number) => Number.isFinite(v);

/** The indices of the kept ticks that are drawn: at most MAX_POINTS, evenly thinned, the last always kept. */
export function thin(n: number, max = MAX_POINTS): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const k = Math.ceil(n / max);
  const out: number[] = [];
  for (let i = 0; i < n; i += k) out.push(i);
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

function stateSpec(data: { variable: string; tick: number; value: number }[], order: string[], tick: string): TopLevelSpec {
  const x = { field: 'tick', type: 'quantitative' as const, title: tick };
  return {
    $schema: SCHEMA,
    data: { values: data },
    facet: { field: 'variable', type: 'nominal', sort: order, title: null, header: { labelFontSize: 10, labelLimit: 0 } },
    columns: Math.min(5, Math.max(1, order.length)),
    spec: { width: 170, height: 70, mark: { type: 'line', color: '#0d47a1', strokeWidth: 1.2 }, encoding: { x, y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false }, axis: { format: '.3~r', tickCount: 3 } } } },
    resolve: { scale: { y: 'independent' } },
    config: { ...CONFIG, axis: { ...CONFIG.axis, labelFontSize: 9, titleFontSize: 10 } },
  } as TopLevelSpec;
}

function sharesSpec(population: string, actions: readonly string[], data: { action: string; tick: number; share: number }[], tick: string): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: population,
    width: 300,
    height: 110,
    data: { values: data },
    mark: { type: 'line', strokeWidth: 1.4 },
    encoding: {
      x: { field: 'tick', type: 'quantitative', title: tick },
      y: { field: 'share', type: 'quantitative', title: 'action share (share of members)', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
      color: { field: 'action', type: 'nominal', sort: [...actions], scale: { domain: [...actions] }, title: 'action' },
    },
  } as TopLevelSpec;
}

function eventsSpec(kinds: string[], data: { kind: string; tick: number; n: number }[], ticks: number, outcome: { kind: string; tick: number }, tick: string): TopLevelSpec {
  const x = { field: 'tick', type: 'quantitative' as const, title: tick, scale: { domain: [0, Math.max(1, ticks - 1)] } };
  return {
    $schema: SCHEMA,
    width: 720,
    height: { step: 16 },
    layer: [
      {
        data: { values: data },
        mark: { type: 'tick', thickness: 2, color: '#37474f' },
        encoding: { x, y: { field: 'kind', type: 'nominal', sort: kinds, title: null }, opacity: { field: 'n', type: 'quantitative', title: 'events in the tick', scale: { range: [0.5, 1] }, legend: { format: 'd', tickMinStep: 1 } } },
      },
      {
        data: { values: [outcome] },
        mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5, color: OUTCOME_COLORS[outcome.kind] ?? '#c62828' },
        encoding: { x: { field: 'tick', type: 'quantitative' }, tooltip: { field: 'kind' } },
      },
    ],
  } as TopLevelSpec;
}

const cellOf = (v: number | string | boolean | null): Cell => (v === null ? '—' : typeof v === 'number' ? (Number.isInteger(v) ? v : Number(v.toPrecision(5))) : String(v));

/** Builds the run report's HTML. */
export async function buildRunReport(input: RunReportInput): Promise<RunReport> {
  const { model: m, run: r, scenario } = input;
  const warnings: string[] = [];
  let charts = 0;
  const chart = async (id: string, spec: TopLevelSpec, caption: string) => {
    const out = await renderChart(spec);
    warnings.push(...out.warnings.map((w) => `${id}: ${w}`));
    charts++;
    return figure(id, out.svg, caption);
  };
  const sections: string[] = [];
  const nav: [string, string][] = [];

  // --- the outcome
  {
    const kv: Cell[][] = [
      ['outcome', `${r.outcome.kind} at tick ${r.outcome.tick}`],
      ['meaning', m.outputs.outcomes.find((o) => o.name === r.outcome.kind)?.doc ?? '—'],
      ['scenario', scenario.name],
      ['description', scenario.description || '—'],
      ['claim', scenario.claim || '—'],
      ['model', `${m.name} ${m.version}: ${m.title}`],
      ['seed', String(r.seed)],
      ['agents', `${r.agents} mass agents; ${r.populations.map((p) => `${p.name} ${p.size}${p.fixed ? ' (fixed)' : ''}`).join(', ')}`],
      ['ticks', `${r.ticks}${scenario.start ? ` from ${scenario.start}` : ''}`],
      ['digest', r.digest],
      ['provenance', input.provenance],
    ];
    const units = new Map(m.outputs.scalars.map((s) => [s.name, s.unit]));
    const outputs = Object.entries(r.outputs).map(([k, v]) => [k, cellOf(v), units.get(k) ?? ''] as Cell[]);
    sections.push(`<section id="outcome"><h2>Outcome</h2><div class="cols"><div>${htmlTable(null, kv.map(([k, v]) => [{ text: String(k), cls: 'key' }, v]), 'kv')}</div><div><h3>Outputs</h3>${htmlTable(['output', 'value', 'unit'], outputs)}</div></div></section>`);
    nav.push(['outcome', 'Outcome']);
  }

  // --- state variables
  const sr = r.series;
  if (sr && sr.ticks.length > 0) {
    const rows = thin(sr.ticks.length);
    const ns = sr.stateColumns.length;
    const decl = sr.stateColumns.map((c) => m.state[c]!);
    const label = (i: number) => `${decl[i]!.name} (${decl[i]!.unit})`;
    const data: { variable: string; tick: number; value: number }[] = [];
    for (let j = 0; j < ns; j++) for (const i of rows) { const v = sr.state[i * ns + j]!; if (finite(v)) data.push({ variable: label(j), tick: sr.ticks[i]!, value: v }); }
    const order = decl.map((_, j) => label(j));
    const thinned = rows.length < sr.ticks.length ? ` Drawn: ${rows.length} of the ${sr.ticks.length} recorded ticks (evenly thinned, the last kept).` : '';
    sections.push(`<section id="state"><h2>State variables</h2><p class="note">Every state variable of the model over the run, each panel with its own scale; the panel title gives the unit.${esc(thinned)}</p>${await chart('chart-state', stateSpec(data, order, tickTitle(m.calendar)), `${ns} state variables of scenario ${scenario.name} (seed ${r.seed}), tick by tick.`)}</section>`);
    nav.push(['state', 'State']);

    // --- action shares
    if (sr.shares) {
      const width = r.populations.reduce((n, p) => n + p.actions.length, 0);
      let o = 0;
      const figs: string[] = [];
      for (const [pi, p] of r.populations.entries()) {
        const data2: { action: string; tick: number; share: number }[] = [];
        for (const i of rows) p.actions.forEach((a, k) => { const v = sr.shares![i * width + o + k]!; if (finite(v)) data2.push({ action: a, tick: sr.ticks[i]!, share: v }); });
        o += p.actions.length;
        figs.push(await chart(`chart-shares-${pi}`, sharesSpec(p.name, p.actions, data2, tickTitle(m.calendar)), `${p.name}: share of its ${p.size} member(s) taking each action.`));
      }
      sections.push(`<section id="shares"><h2>Action shares</h2><p class="note">Each population's share of members taking each action, tick by tick.</p>${figs.join('')}</section>`);
      nav.push(['shares', 'Action shares']);
    }
  } else {
    sections.push('<section id="state"><h2>State variables</h2><p class="note">This run kept no time series.</p></section>');
  }

  // --- events
  {
    const counts = new Map<string, number>();
    for (const e of r.events) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
    const declared = m.events.map((e) => e.kind);
    const kinds = [...declared.filter((k) => counts.has(k)), ...[...counts.keys()].filter((k) => !declared.includes(k)).sort()];
    let html = '<section id="events"><h2>Event timeline</h2>';
    if (r.events.length) {
      const perTick = new Map<string, { kind: string; tick: number; n: number }>();
      for (const e of r.events) { const key = `${e.kind}\u0000${e.tick}`; const x = perTick.get(key); if (x) x.n++; else perTick.set(key, { kind: e.kind, tick: e.tick, n: 1 }); }
      html += await chart('chart-events', eventsSpec(kinds, [...perTick.values()], r.ticks, r.outcome, tickTitle(m.calendar)), `${r.events.length} events by kind over the run; the dashed line marks the outcome (${r.outcome.kind} at tick ${r.outcome.tick}).`);
      const docs = new Map(m.events.map((e) => [e.kind, e.doc]));
      html += `<div class="cols"><div><h3>Events by kind</h3>${htmlTable(['kind', 'events', 'first tick', 'meaning'], kinds.map((k) => [k, counts.get(k)!, r.events.find((e) => e.kind === k)!.tick, docs.get(k) ?? '—']))}</div></div>`;
      const shown: ModelEvent[] = r.events.slice(0, MAX_EVENT_ROWS);
      html += `<details><summary>The first ${shown.length} of ${r.events.length} events</summary>${htmlTable(['tick', 'kind', 'actor', 'detail'], shown.map((e) => [e.tick, e.kind, e.actor, JSON.stringify(e.detail ?? {})]))}</details>`;
    } else {
      html += '<p class="note">No events in this run.</p>';
    }
    sections.push(`${html}</section>`);
    nav.push(['events', 'Events']);
  }

  const title = `fractable run: ${scenario.name} (seed ${r.seed})`;
  const header = `<h1>Run of ${esc(scenario.name)}</h1>${scenario.description ? `<p>${esc(scenario.description)}</p>` : ''}<p>Outcome: <strong>${esc(r.outcome.kind)}</strong> at tick ${r.outcome.tick} · model ${esc(m.name)} · seed ${r.seed} · ${r.agents} mass agents · ${r.ticks} ticks</p>`;
  const footer = `Written by fractable ${esc(input.version)}. ${esc(input.provenance)}. Digest ${esc(r.digest)}. Self-contained: no scripts, no external resources.`;
  return { html: page(title, header, nav, sections.join('\n'), footer), charts, warnings };
}
