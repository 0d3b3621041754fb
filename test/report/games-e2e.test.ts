/**
 * The second model of the seam end to end through the CLI: run, study, analyze, report, on the
 * `games` model (a Sobol' design over the Prisoner's Dilemma's payoffs, small worlds).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fractable, root, tempDir } from '../helpers.js';

describe('the games model: run → study → analyze → report', () => {
  const dir = tempDir('fractable-games-');
  writeFileSync(join(dir, 'study.yaml'), `name: games-e2e
model: games
seed: 5
agents: 120
ticks: 60
replicates: 2
scenarios: [${join(root, 'scenarios', 'games-field.yaml')}, ${join(root, 'scenarios', 'games-network.yaml')}]
design: { method: sobol, samples: 4, parameters: { game.temptation: [3.5, 6], game.sucker: [-1, 1] } }
record: [outcome, metrics, series]
series: { every: 10, variables: [cooperation, payoff] }
`);
  const db = join(dir, 'g.duckdb');

  it('run prints the model, its populations and the outcome', () => {
    const r = fractable(['run', 'games-network', '--agents', '300', '--ticks', '40', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { model: string; populations: { name: string; size: number; fixed: boolean }[]; networks: { kind: string; mean: number }[]; outcome: { kind: string } };
    expect(j.model).toBe('games');
    expect(j.populations).toEqual([{ name: 'players', size: 150, fixed: false }, { name: 'gamblers', size: 150, fixed: false }]);
    expect(j.networks[0]!.kind).toBe('watts-strogatz');
    expect(j.networks[0]!.mean).toBeCloseTo(6, 0);
    expect(['cooperation', 'mixed', 'defection']).toContain(j.outcome.kind);
  });

  it('study stores the model\'s own outcomes and outputs; analyze and report read them from the store', () => {
    const s = fractable(['study', join(dir, 'study.yaml'), '--out', db, '--workers', '2']);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/cooperation\s+mixed\s+defection/);
    const a = fractable(['analyze', db]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('cooperation (output)');
    const out = join(dir, 'g.html');
    expect(fractable(['report', db, '--out', out]).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    for (const id of ['study', 'outcomes', 'series', 'sensitivity']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('chart-fan-cooperation');
    expect(html).toContain('P(defection)');
    // the games model declares no calendar: its time axes say "tick", never "tick (week)"; its state's units title the fans
    expect(html).toContain("X-axis titled 'tick' for");
    expect(html).not.toContain('tick (week)');
    expect(html).toContain("Y-axis titled 'cooperation (share)' for");
  });
});
