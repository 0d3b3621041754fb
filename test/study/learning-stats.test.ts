/**
 * Learning statistics as series variables of a study (`entropy:<population>`,
 * `switch:<population>`, `dispersion:<population>`), end to end through the CLI: stored as
 * columns of `series` with a known answer (a fixed mixed strategy), and unknown statistics or
 * populations refused with a did-you-mean (exit 2).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { descriptorOf, loadStudy, variableUnit } from '../../src/study/spec.js';
import { fractable } from '../helpers.js';
import { query, studyDir } from './helpers.js';

describe('learning statistics in a study\'s series', () => {
  const dir = studyDir({
    // gamblers hold p = (1/8, 1/8, 1/4, 1/2) for good: entropy (7/4) ln 2 nats, dispersion 0
    'fixed.yaml': 'name: fixed\nmodel: games\nagents: 300\nticks: 40\npopulations:\n  gamblers:\n    rule: { kind: fixed, probabilities: [1, 1, 2, 4] }\n',
    'learn.yaml': 'name: learn\nmodel: games\nagents: 300\nticks: 40\n',
    'st.yaml': `name: st
seed: 4
replicates: 3
scenarios: [fixed.yaml, learn.yaml]
record: [outcome, series]
series: { every: 7, variables: [entropy:gamblers, arm0, switch:gamblers, dispersion:gamblers, switch:players, entropy:players] }
`,
  });

  it('stores them as series columns: a fixed strategy\'s known entropy, shares of members in [0, 1], units for the report', async () => {
    // (the same values in every mode and for any number of workers: test/engine/learning-stats.test.ts)
    const one = join(dir, 'one.duckdb');
    const r = fractable(['study', join(dir, 'st.yaml'), '--out', one, '--workers', '2', '--quiet', '--no-summary']);
    expect(r.code, r.stderr).toBe(0);
    const cols = (await query(one, 'DESCRIBE series')).map((c) => c.column_name);
    expect(cols).toEqual(['run_id', 'tick', 'entropy:gamblers', 'arm0', 'switch:gamblers', 'dispersion:gamblers', 'switch:players', 'entropy:players']);
    const rows = await query(one, "SELECT s.* FROM series s JOIN runs r USING (run_id) ORDER BY run_id, tick");
    expect(rows).toHaveLength(6 * 7); // ticks 0, 7, …, 35 and 39
    const fixed = await query(one, "SELECT s.* FROM series s JOIN runs r USING (run_id) WHERE r.scenario = 'fixed'");
    for (const row of fixed) {
      expect(row['entropy:gamblers']).toBeCloseTo(1.75 * Math.LN2, 12);
      expect(row['dispersion:gamblers']).toBe(0);
    }
    for (const row of rows) {
      for (const c of ['switch:gamblers', 'switch:players']) expect(row[c]).toBeGreaterThanOrEqual(0), expect(row[c]).toBeLessThanOrEqual(1);
      expect(row['entropy:players']).toBeGreaterThanOrEqual(0);
      expect(row['entropy:players']).toBeLessThanOrEqual(Math.LN2 + 1e-12);
    }
    // learners move apart and commit: a learning population's entropy falls below its start
    const learn = await query(one, "SELECT min(s.\"entropy:gamblers\") AS lo, max(s.\"dispersion:gamblers\") AS d FROM series s JOIN runs r USING (run_id) WHERE r.scenario = 'learn'");
    expect(learn[0]!.lo as number).toBeLessThan(Math.log(4));
    expect(learn[0]!.d as number).toBeGreaterThan(0);
    // the report's axes: each statistic's unit
    const m = descriptorOf((await query(one, 'SELECT spec FROM study')).map((r) => JSON.parse(String(r.spec)) as Record<string, unknown>)[0]!);
    expect(['entropy:gamblers', 'switch:players', 'dispersion:gamblers', 'share:players:defect', 'arm0'].map((v) => variableUnit(m, v))).toEqual(['nats', 'share of members', 'probability²', 'share of members', 'share']);
  });

  const bad: Array<[string, RegExp]> = [
    ['entropy:gambler', /series\.variables\.0: expected a population of model games in entropy:<population> \(players, gamblers\), found "gambler" \(did you mean "gamblers"\?\)/],
    ['switch:', /series\.variables\.0: expected a population of model games in switch:<population> \(players, gamblers\), found ""/],
    ['entropi:gamblers', /series\.variables\.0: expected a learning statistic <statistic>:<population> with a statistic entropy, switch, dispersion \(or an action share share:<population>:<action>\), found "entropi:gamblers" \(did you mean "entropy:"\?\)/],
    ['dispersal:players', /found "dispersal:players" \(did you mean "dispersion:"\?\)/],
  ];
  it.each(bad)('refuses %s with one clear message', (v, message) => {
    writeFileSync(join(dir, 'bad.yaml'), `name: t\nscenarios: [learn.yaml]\nrecord: [outcome, series]\nseries: { variables: ["${v}"] }\n`);
    expect(() => loadStudy(join(dir, 'bad.yaml'))).toThrow(message);
    expect(() => loadStudy(join(dir, 'bad.yaml'))).toThrow(InputError);
  });
  // (through the CLI, a bad series variable exits 2: test/study/population-factors.test.ts)
});
