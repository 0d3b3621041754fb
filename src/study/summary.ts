/**
 * The summary of a store: outcome shares per scenario (and per design point when the study
 * has a design), each with its 95% Wilson score interval, over the runs that finished
 * (failed runs are counted apart and listed). A study with levers is summarised per scenario
 * and policy (and per scenario, policy and design point).
 */
import { wilson } from '../analysis/index.js';
import { safeText, StoreError } from '../errors.js';
import { ident, literal } from './columns.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { descriptorOf, policiesOf, specOutputs, type StudyOutput } from './spec.js';
import { openDuckDB, readFailures, readStudyRow, type FailureRow, type StudyRow } from './store.js';

export interface OutcomeShare { k: number; p: number; lo: number; hi: number }

export interface SummaryRow {
  scenario: string;
  /** the policy (a study with levers) */
  policy?: string;
  design_point?: number;
  /** the design's values at this point */
  values?: Record<string, number>;
  runs: number;
  ok: number;
  failed: number;
  /** per outcome label: count among ok runs, share and 95% Wilson interval (null when no run finished) */
  outcomes: Record<string, OutcomeShare | null>;
}

/** One output of the study's own (outputs.ts) over one scenario's finished runs with a value. */
export interface OutputSummaryRow {
  scenario: string;
  /** with levers: the policy (outputs are summarised per scenario and policy) */
  policy?: string;
  output: string;
  unit: string | null;
  /** finished runs whose value is not NULL */
  n: number;
  mean: number | null;
  /** sample standard deviation (null below 2 values) */
  sd: number | null;
  min: number | null;
  max: number | null;
}

export interface StudySummary {
  file: string;
  /** the model's outcome labels, in its declared order */
  labels: string[];
  study: Omit<StudyRow, 'spec'>;
  /** the policies of the study's levers, in study order (null without levers) */
  policies: string[] | null;
  runs: number;
  failed: number;
  expected: number;
  byScenario: SummaryRow[];
  byPoint: SummaryRow[] | null;
  failures: FailureRow[];
  /** failed runs beyond those listed */
  moreFailures: number;
  /** the study's own outputs per scenario (in study order, then declared order); empty without */
  outputs?: OutputSummaryRow[];
  /** a live summary: which design points `byPoint` holds (a bounded selection, status.ts) */
  pointsNote?: string;
}

const outcomeSql = (labels: readonly string[]): string => labels.map((k, i) => `count(*) FILTER (WHERE status = 'ok' AND outcome = ${literal(k)})::INTEGER AS "o_${i}"`).join(', ');

function rowOf(r: Record<string, unknown>, labels: readonly string[]): Omit<SummaryRow, 'scenario'> {
  const ok = Number(r.ok);
  const outcomes = Object.fromEntries(labels.map((k, i) => {
    const n = Number(r[`o_${i}`]);
    if (ok === 0) return [k, null];
    const w = wilson(n, ok);
    return [k, { k: n, p: w.p, lo: w.lo, hi: w.hi }];
  })) as Record<string, OutcomeShare | null>;
  return { runs: Number(r.runs), ok, failed: Number(r.failed), outcomes };
}

/**
 * Reads the summary of a store (opened read-only). `instance`: the study instance the caller
 * wrote; a store that holds another (replaced after the caller closed it) is refused, so a
 * process never reports another study's results as its own.
 */
export async function summarize(file: string, o: { maxFailures?: number; instance?: string } = {}): Promise<StudySummary> {
  const { instance, conn } = await openDuckDB(file, true);
  try {
    const { spec, ...study } = await readStudyRow(conn, file);
    if (o.instance !== undefined && study.instance !== o.instance) {
      throw new StoreError(`${safeText(file)}: expected the store this study wrote (instance ${o.instance.slice(0, 8)}), found another study's (instance ${(study.instance ?? 'none').slice(0, 8)}, "${safeText(study.name)}"): it was replaced after this study closed it; its results are not printed as this study's`, file);
    }
    const labels = descriptorOf(spec, file).outputs.outcomes.map((o) => o.name);
    const order = new Map(study.scenarios.map((s, i) => [s, i]));
    const policies = policiesOf(spec)?.map((p) => p.name) ?? null;
    const porder = new Map((policies ?? []).map((p, i) => [p, i]));
    // with levers every group is a scenario and a policy
    const pol = policies ? ', policy' : '';
    const keyOf = (r: Record<string, unknown>) => ({ scenario: String(r.scenario), ...(policies ? { policy: String(r.policy) } : {}) });
    const byKey = (a: SummaryRow, b: SummaryRow) => (order.get(a.scenario) ?? 1e9) - (order.get(b.scenario) ?? 1e9) || a.scenario.localeCompare(b.scenario)
      || (porder.get(a.policy ?? '') ?? 1e9) - (porder.get(b.policy ?? '') ?? 1e9);
    const base = `count(*)::INTEGER AS runs, count(*) FILTER (WHERE status = 'ok')::INTEGER AS ok, count(*) FILTER (WHERE status = 'failed')::INTEGER AS failed, ${outcomeSql(labels)}`;
    const byScenario = (await conn.runAndReadAll(`SELECT scenario${pol}, ${base} FROM runs GROUP BY scenario${pol}`)).getRowObjectsJS()
      .map((r): SummaryRow => ({ ...keyOf(r), ...rowOf(r, labels) }))
      .sort(byKey);
    let byPoint: SummaryRow[] | null = null;
    if (study.design_method) {
      const params = ((spec.design as { parameters?: { name: string }[] } | null)?.parameters ?? []).map((p) => p.name);
      const pcols = params.map((p) => `any_value(${ident(p)}) AS ${ident(p)}`).join(', ');
      byPoint = (await conn.runAndReadAll(`SELECT scenario${pol}, design_point, ${base}${pcols ? `, ${pcols}` : ''} FROM runs GROUP BY scenario${pol}, design_point ORDER BY design_point`)).getRowObjectsJS()
        .map((r): SummaryRow => ({ ...keyOf(r), design_point: Number(r.design_point), values: Object.fromEntries(params.map((p) => [p, Number(r[p])])), ...rowOf(r, labels) }))
        .sort((a, b) => byKey(a, b) || a.design_point! - b.design_point!);
    }
    const outputs = await outputSummary(conn, specOutputs(spec), order, policies !== null);
    const runs = byScenario.reduce((s, r) => s + r.runs, 0);
    const failed = byScenario.reduce((s, r) => s + r.failed, 0);
    const max = o.maxFailures ?? 20;
    const failures = failed > 0 ? await readFailures(conn, max) : [];
    const shard = study.shard;
    const expected = shard ? countInShard(study.runs_total, shard) : study.runs_total;
    return { file, labels, study, policies, runs, failed, expected, byScenario, byPoint, failures, moreFailures: Math.max(0, failed - failures.length), outputs };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Mean, standard deviation, range and count of each of the study's outputs per scenario, over the finished runs with a value. */
async function outputSummary(conn: DuckDBConnection, outputs: readonly StudyOutput[], order: Map<string, number>, byPolicy: boolean): Promise<OutputSummaryRow[]> {
  if (outputs.length === 0) return [];
  const cols = (await conn.runAndReadAll("SELECT column_name FROM information_schema.columns WHERE table_name = 'runs' AND table_schema = 'main' AND table_catalog = current_database()")).getRowObjectsJS().map((r) => String(r.column_name));
  const present = outputs.filter((o) => cols.includes(o.name));
  if (present.length === 0) return [];
  const agg = present.map((o, j) => {
    const c = ident(o.name), f = "FILTER (WHERE status = 'ok')";
    return `count(${c}) ${f}::INTEGER AS n${j}, avg(${c}) ${f} AS mean${j}, stddev_samp(${c}) ${f} AS sd${j}, min(${c}) ${f} AS min${j}, max(${c}) ${f} AS max${j}`;
  }).join(', ');
  const pol = byPolicy ? ', policy' : '';
  const rows = (await conn.runAndReadAll(`SELECT scenario${pol}, ${agg} FROM runs GROUP BY scenario${pol}${byPolicy ? ' ORDER BY policy' : ''}`)).getRowObjectsJS();
  rows.sort((a, b) => (order.get(String(a.scenario)) ?? 1e9) - (order.get(String(b.scenario)) ?? 1e9) || String(a.scenario).localeCompare(String(b.scenario)));
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return rows.flatMap((r) => present.map((o, j) => ({
    scenario: String(r.scenario), ...(byPolicy ? { policy: String(r.policy) } : {}), output: o.name, unit: o.unit, n: Number(r[`n${j}`]),
    mean: num(r[`mean${j}`]), sd: num(r[`sd${j}`]), min: num(r[`min${j}`]), max: num(r[`max${j}`]),
  })));
}

function countInShard(total: number, shard: string): number {
  const [i, n] = shard.split('/').map(Number) as [number, number];
  return i - 1 >= total ? 0 : Math.floor((total - i) / n) + 1;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}`;

/** One cell: "12.3% [10.1, 14.8]". */
export function formatShare(s: OutcomeShare | null): string {
  return s ? `${pct(s.p)}% [${pct(s.lo)}, ${pct(s.hi)}]` : '—';
}

/** A text table: the first `left` columns (names) aligned left, the others (numbers) right. */
function table(header: string[], rows: string[][], left = 1): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (cells: string[]) => cells.map((c, j) => (j < left ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** Terminal columns the summary's tables fit in: label columns beyond it go to a further block. */
export const SUMMARY_WIDTH = 100;

/**
 * A table whose label columns are split into blocks that fit `max` columns, each block
 * repeating the key columns (scenario, point, …) and separated by a blank line; a block holds at
 * least one label column, so keys wider than `max` still print.
 */
export function wrappedTable(keyHeader: string[], keyRows: string[][], labelHeader: string[], labelRows: string[][], max = SUMMARY_WIDTH, left = 1): string[] {
  const sep = 2;
  const width = (j: number, head: string[], rows: string[][]) => Math.max(head[j]!.length, ...rows.map((r) => r[j]!.length));
  const keyWidth = keyHeader.reduce((a, _, j) => a + width(j, keyHeader, keyRows) + (j > 0 ? sep : 0), 0);
  const blocks: number[][] = [];
  let cur: number[] = [], used = keyWidth;
  labelHeader.forEach((_, j) => {
    const w = width(j, labelHeader, labelRows) + sep;
    if (cur.length > 0 && used + w > max) { blocks.push(cur); cur = []; used = keyWidth; }
    cur.push(j); used += w;
  });
  if (cur.length > 0 || blocks.length === 0) blocks.push(cur);
  const out: string[] = [];
  blocks.forEach((b, k) => {
    if (k > 0) out.push('');
    out.push(...table([...keyHeader, ...b.map((j) => labelHeader[j]!)], keyRows.map((r, i) => [...r, ...b.map((j) => labelRows[i]![j]!)]), left));
  });
  return out;
}

/** The summary as a human table. */
export function formatSummary(s: StudySummary, o: { points?: boolean } = {}): string {
  const st = s.study;
  const out: string[] = [];
  const design = st.design_method ? `, ${st.design_method} design of ${st.design_points} points` : '';
  out.push(`study ${safeText(st.name)} (fractable ${safeText(st.version)}, seed ${st.seed}${design}, ${st.replicates} replicate(s)${st.shard ? `, shard ${st.shard}` : ''})`);
  out.push(`${s.runs} of ${s.expected} runs stored${s.runs < s.expected ? ' (incomplete: --resume runs the rest)' : ''}, ${s.failed} failed`);
  out.push('');
  // with levers, each row is a scenario under a policy
  const keys = s.policies ? ['scenario', 'policy'] : ['scenario'];
  const keyCells = (r: SummaryRow) => [safeText(r.scenario), ...(s.policies ? [safeText(r.policy ?? '')] : [])];
  if (s.policies) out.push(`policies (levers): ${s.policies.map(safeText).join(', ')}; every scenario, design point and replicate runs once under each`, '');
  out.push(`outcome shares per scenario${s.policies ? ' and policy' : ''}, with 95% Wilson intervals (over runs that finished):`);
  out.push(...wrappedTable([...keys, 'runs', 'failed'], s.byScenario.map((r) => [...keyCells(r), String(r.runs), String(r.failed)]),
    s.labels.map(safeText), s.byScenario.map((r) => s.labels.map((k) => formatShare(r.outcomes[k] ?? null))), SUMMARY_WIDTH, keys.length));
  if (s.byPoint && o.points !== false) {
    const params = Object.keys(s.byPoint[0]?.values ?? {});
    out.push('');
    const per = `outcome shares per design point${s.policies ? ' and policy' : ''}`;
    out.push(s.pointsNote ? `${per}: ${s.pointsNote}:` : `${per}:`);
    out.push(...wrappedTable([...keys, 'point', ...params.map(safeText), 'runs', 'failed'], s.byPoint.map((r) => [
      ...keyCells(r), String(r.design_point), ...params.map((p) => fmtValue(r.values?.[p])), String(r.runs), String(r.failed),
    ]), s.labels.map(safeText), s.byPoint.map((r) => s.labels.map((k) => formatShare(r.outcomes[k] ?? null))), SUMMARY_WIDTH, keys.length));
  }
  if (s.byPoint && o.points === false && !s.pointsNote) out.push('', `per design point: npx fractable summary ${safeText(s.file)}`);
  if (!s.byPoint && s.pointsNote && o.points !== false) out.push('', `outcome shares per design point: ${s.pointsNote}`);
  if (s.outputs && s.outputs.length > 0) {
    out.push('');
    out.push(`the study's outputs per scenario${s.policies ? ' and policy' : ''} (over the finished runs with a value; sd: sample standard deviation):`);
    out.push(...table([...keys, 'output', 'n', 'mean', 'sd', 'min', 'max'], s.outputs.map((r) => [
      safeText(r.scenario), ...(s.policies ? [safeText(r.policy ?? '')] : []), safeText(`${r.output}${r.unit ? ` (${r.unit})` : ''}`), String(r.n), fmtStat(r.mean), fmtStat(r.sd), fmtStat(r.min), fmtStat(r.max),
    ])));
  }
  if (s.failed > 0) {
    out.push('');
    out.push(`failed runs (${s.failed}):`);
    for (const f of s.failures) out.push(`  run ${f.run_id} (${safeText(f.scenario)}${f.policy !== undefined ? `, policy ${safeText(f.policy)}` : ''}, point ${f.design_point}, replicate ${f.replicate}, seed ${f.seed}): ${safeText(f.error)}`);
    if (s.moreFailures > 0) out.push(`  … and ${s.moreFailures} more (SELECT * FROM runs WHERE status = 'failed')`);
  }
  return `${out.join('\n')}\n`;
}

/** A statistic of an output: 4 significant digits, "—" for none. */
function fmtStat(v: number | null): string {
  if (v === null) return '—';
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
}

function fmtValue(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '';
  return Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(4)).toString();
}
