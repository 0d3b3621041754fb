import { describe, expect, it } from 'vitest';
import { formatSummary, SUMMARY_WIDTH, wrappedTable, type StudySummary } from '../../src/study/summary.js';

const LABELS = ['deal', 'deal-censored', 'interim', 'collapse', 'kinetic', 'stalemate', 'breakout'];
const share = (k: number) => ({ k, p: k / 40, lo: 0.123, hi: 0.456 });

function summary(scenarios: string[]): StudySummary {
  return {
    file: 'x.duckdb', labels: LABELS,
    study: { name: 's', version: '0.1.0', seed: 1, spec_hash: 'h', design_method: null, design_points: 1, replicates: 40, scenarios, runs_total: 40 * scenarios.length, shard: null, partial: false, instance: null },
    runs: 40 * scenarios.length, failed: 0, expected: 40 * scenarios.length,
    byScenario: scenarios.map((scenario, i) => ({ scenario, runs: 40, ok: 40, failed: 0, outcomes: Object.fromEntries(LABELS.map((l, j) => [l, share(i + j)])) })),
    byPoint: null, failures: [], moreFailures: 0,
  };
}

describe('the summary fits 100 columns', () => {
  it('wraps the outcome columns of the table model (7 labels) into blocks, each repeating the scenario, runs and failed', () => {
    const text = formatSummary(summary(['maximum-clarity', 'baseline']));
    const lines = text.split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(SUMMARY_WIDTH);
    const headers = lines.filter((l) => l.startsWith('scenario '));
    expect(headers.length).toBeGreaterThan(1);
    // every label heads exactly one block, in order
    const seen = headers.flatMap((h) => h.split(/\s+/).filter((w) => LABELS.includes(w)));
    expect(seen).toEqual(LABELS);
    // each scenario has one row per block, and all its shares appear
    for (const [i, sc] of ['maximum-clarity', 'baseline'].entries()) {
      const rows = lines.filter((l) => l.startsWith(`${sc} `));
      expect(rows).toHaveLength(headers.length);
      for (let j = 0; j < LABELS.length; j++) expect(rows.join(' ')).toContain(`${((100 * (i + j)) / 40).toFixed(1)}% [12.3, 45.6]`);
    }
  });

  it('keeps one block when everything fits, and one label per block when the keys alone are too wide', () => {
    expect(wrappedTable(['k'], [['a']], ['x', 'y'], [['1', '2']])).toEqual(['k  x  y', '-  -  -', 'a  1  2']);
    const wide = wrappedTable(['k'], [['a'.repeat(120)]], ['x', 'y'], [['1', '2']]);
    expect(wide.filter((l) => l.startsWith('k '))).toHaveLength(2);
  });
});
