/**
 * What the study report reads from a store beyond the summary and the analyses' tables: the
 * fans of the recorded series (pooled and split by outcome), and the outcome shares per bin of
 * each design parameter. Every query aggregates in DuckDB (a store may hold millions of runs).
 *
 * A study with levers is drawn per scenario and policy: each group's label, the `scenario` of the
 * charts' data, is "scenario · policy" ({@link groupLabel}; {@link groupSql} in the queries).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { wilson } from '../analysis/index.js';
import { InputError } from '../errors.js';
import type { ModelDescriptor } from '../engine/declaration.js';
import { ident } from '../study/columns.js';
import { variableUnit } from '../study/spec.js';
import type { FanDatum, OutcomeBinDatum, OutcomeFanDatum } from './charts.js';

export interface FanData {
  variable: string;
  /** the variable's unit: a state variable's declared one, or a share's or a learning statistic's */
  unit: string;
  /** finished runs with series (all scenarios) */
  runs: number;
  /** pooled over every finished run */
  data: FanDatum[];
  /** one fan per scenario and outcome label */
  byOutcome: OutcomeFanDatum[];
  /** runs with series per scenario and outcome label (only labels some run reached) */
  counts: { scenario: string; outcome: string; n: number }[];
}

/**
 * The variables the report draws fans of: `wanted` (from `--fans`), each of which must be
 * recorded (else an InputError listing the recorded ones); by default every recorded variable,
 * grouped by its declared unit (groups in the order of their first variable in the model's
 * state), in the model's declared order within a group.
 */
export function fanVariables(m: ModelDescriptor, recorded: readonly string[] | null, wanted: readonly string[] | undefined): string[] {
  if (wanted !== undefined) {
    if (!recorded) throw new InputError(`--fans: expected a store that recorded series, found none (add series to the study's record)`);
    const unknown = wanted.filter((v) => !recorded.includes(v));
    if (unknown.length) throw new InputError(`--fans: expected recorded series variables (${recorded.join(', ')}), found ${unknown.map((v) => JSON.stringify(v)).join(', ')}`);
    if (!wanted.length) throw new InputError(`--fans: expected one or more recorded series variables (${recorded.join(', ')}), found none`);
    return [...new Set(wanted)];
  }
  if (!recorded) return [];
  const order = new Map(m.state.map((s, i) => [s.name, i]));
  const unitOf = (v: string) => variableUnit(m, v);
  const byDeclared = [...recorded].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
  const units = [...new Set(byDeclared.map(unitOf))];
  return units.flatMap((u) => byDeclared.filter((v) => unitOf(v) === u));
}

/** The label of a group of runs: its scenario, and with levers its policy ("baseline · escrow"). */
export const groupLabel = (scenario: string, policy?: string | null): string => (policy == null ? scenario : `${scenario} · ${policy}`);

/** The SQL of a run's group label ({@link groupLabel}); `t` is the runs table's alias with its dot ("r."). */
export const groupSql = (withPolicy: boolean, t = ''): string => (withPolicy ? `(${t}scenario || ' · ' || ${t}policy)` : `${t}scenario`);

const finite = (v: string) => `s.${ident(v)} IS NOT NULL AND isfinite(s.${ident(v)})`;

/** The pooled and split fans of each variable (10%, 50%, 90% quantiles per tick). */
export async function readFans(conn: DuckDBConnection, m: ModelDescriptor, variables: readonly string[], withPolicy = false): Promise<FanData[]> {
  if (!variables.length) return [];
  const g = groupSql(withPolicy, 'r.');
  const runs = Number((await conn.runAndReadAll("SELECT count(DISTINCT s.run_id)::INTEGER AS n FROM series s JOIN runs r USING (run_id) WHERE r.status = 'ok'")).getRows()[0]![0]);
  const counts = (await conn.runAndReadAll(
    `SELECT ${g} AS scenario, r.outcome AS outcome, count(DISTINCT s.run_id)::INTEGER AS n FROM series s JOIN runs r USING (run_id) WHERE r.status = 'ok' AND r.outcome IS NOT NULL GROUP BY ${g}, r.outcome`,
  )).getRowObjectsJS().map((r) => ({ scenario: String(r.scenario), outcome: String(r.outcome), n: Number(r.n) }));
  const labels = m.outputs.outcomes.map((o) => o.name);
  counts.sort((a, b) => a.scenario.localeCompare(b.scenario) || labels.indexOf(a.outcome) - labels.indexOf(b.outcome));
  const nOf = new Map(counts.map((c) => [`${c.scenario}\u0000${c.outcome}`, c.n]));
  const out: FanData[] = [];
  for (const v of variables) {
    const q = (r: Record<string, unknown>) => (r.q as number[]).map(Number);
    const pooled = (await conn.runAndReadAll(
      `SELECT ${g} AS scenario, s.tick AS tick, quantile_cont(s.${ident(v)}, [0.1, 0.5, 0.9]) AS q FROM series s JOIN runs r USING (run_id) WHERE r.status = 'ok' AND ${finite(v)} GROUP BY ${g}, s.tick ORDER BY ${g}, s.tick`,
    )).getRowObjectsJS();
    const split = (await conn.runAndReadAll(
      `SELECT ${g} AS scenario, r.outcome AS outcome, s.tick AS tick, quantile_cont(s.${ident(v)}, [0.1, 0.5, 0.9]) AS q FROM series s JOIN runs r USING (run_id) WHERE r.status = 'ok' AND r.outcome IS NOT NULL AND ${finite(v)} GROUP BY ${g}, r.outcome, s.tick ORDER BY ${g}, r.outcome, s.tick`,
    )).getRowObjectsJS();
    const firstTick = new Map<string, number>();
    for (const r of split) {
      const key = `${String(r.scenario)}\u0000${String(r.outcome)}`;
      firstTick.set(key, Math.min(firstTick.get(key) ?? Infinity, Number(r.tick)));
    }
    const rankOf = (scenario: string, outcome: string) => counts.filter((c) => c.scenario === scenario && c.n > 0).sort((a, b) => labels.indexOf(a.outcome) - labels.indexOf(b.outcome)).findIndex((c) => c.outcome === outcome);
    out.push({
      variable: v,
      unit: variableUnit(m, v) || 'unit not declared',
      runs,
      data: pooled.map((r) => {
        const x = q(r);
        return { scenario: String(r.scenario), tick: Number(r.tick), q10: x[0]!, q50: x[1]!, q90: x[2]! };
      }),
      byOutcome: split.map((r) => {
        const x = q(r);
        const key = `${String(r.scenario)}\u0000${String(r.outcome)}`;
        return { scenario: String(r.scenario), outcome: String(r.outcome), tick: Number(r.tick), q10: x[0]!, q50: x[1]!, q90: x[2]!, n: nOf.get(key) ?? 0, first: firstTick.get(key) === Number(r.tick), rank: rankOf(String(r.scenario), String(r.outcome)) };
      }),
      counts,
    });
  }
  return out;
}

export interface ParamBins {
  parameter: string;
  /** one bin per value (grid levels, listed values, or at most MAX_DISCRETE distinct values) */
  discrete: boolean;
  /** the bins as text, in order */
  bins: string[];
  /** design bounds of the parameter */
  bounds: [number, number];
  data: OutcomeBinDatum[];
  /** finished runs per scenario and bin */
  totals: { scenario: string; bin: string; n: number }[];
}

/** A factor with at most this many distinct values in the design gets one bin per value. */
export const MAX_DISCRETE = 10;
/** Bins of a range factor: ⌊√(design points)⌋, between 2 and 10. */
export const rangeBins = (points: number): number => Math.min(10, Math.max(2, Math.floor(Math.sqrt(points))));

const fmt = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(3)).toString());

/**
 * Outcome shares per bin of each design parameter, per scenario, over the finished runs (with
 * 95% Wilson intervals). `valueNames`: for a listed factor, the text of each code.
 */
export async function readOutcomeBins(
  conn: DuckDBConnection,
  labels: readonly string[],
  design: { parameters: { name: string; bounds: [number, number]; values?: unknown[] }[]; method: string },
  points: number,
  valueNames: (parameter: string, code: number) => string,
  withPolicy = false,
): Promise<ParamBins[]> {
  const out: ParamBins[] = [];
  const g = groupSql(withPolicy);
  for (const p of design.parameters) {
    const col = ident(p.name);
    const distinct = Number((await conn.runAndReadAll(`SELECT count(DISTINCT ${col})::INTEGER AS n FROM runs WHERE status = 'ok'`)).getRows()[0]![0]);
    const discrete = p.values !== undefined || design.method === 'grid' || distinct <= MAX_DISCRETE;
    const [lo, hi] = p.bounds;
    const k = rangeBins(points);
    const width = (hi - lo) / k;
    const binExpr = discrete ? col : (hi > lo ? `least(greatest(floor((${col} - ${lo}) / ${width}), 0), ${k - 1})::INTEGER` : '0');
    const rows = (await conn.runAndReadAll(
      `SELECT ${g} AS scenario, ${binExpr} AS b, outcome, count(*)::INTEGER AS k FROM runs WHERE status = 'ok' AND ${col} IS NOT NULL GROUP BY ALL ORDER BY scenario, b`,
    )).getRowObjectsJS();
    const binText = (b: number) => (discrete ? valueNames(p.name, b) : `[${fmt(lo + b * width)}, ${fmt(lo + (b + 1) * width)}${b === k - 1 ? ']' : ')'}`);
    const binX = (b: number) => (discrete ? b : lo + (b + 0.5) * width);
    const cells = new Map<string, { scenario: string; b: number; n: number; k: Map<string, number> }>();
    for (const r of rows) {
      const key = `${String(r.scenario)}\u0000${Number(r.b)}`;
      const c = cells.get(key) ?? { scenario: String(r.scenario), b: Number(r.b), n: 0, k: new Map<string, number>() };
      c.n += Number(r.k);
      c.k.set(String(r.outcome), (c.k.get(String(r.outcome)) ?? 0) + Number(r.k));
      cells.set(key, c);
    }
    const reached = labels.filter((l) => [...cells.values()].some((c) => (c.k.get(l) ?? 0) > 0));
    const data: OutcomeBinDatum[] = [];
    for (const c of cells.values()) {
      for (const l of reached) {
        const kk = c.k.get(l) ?? 0;
        const w = wilson(kk, c.n);
        data.push({ scenario: c.scenario, outcome: l, x: binX(c.b), bin: binText(c.b), p: w.p, lo: w.lo, hi: w.hi, k: kk, n: c.n });
      }
    }
    const binsUsed = [...new Set([...cells.values()].map((c) => c.b))].sort((a, b) => a - b);
    const bins = discrete ? binsUsed.map(binText) : Array.from({ length: k }, (_, b) => binText(b));
    out.push({ parameter: p.name, discrete, bins, bounds: [lo, hi], data, totals: [...cells.values()].map((c) => ({ scenario: c.scenario, bin: binText(c.b), n: c.n })) });
  }
  return out;
}
