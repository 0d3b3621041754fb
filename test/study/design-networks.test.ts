/**
 * A design point can leave a population too small for its network, or give a network a setting
 * its generator refuses (an odd Watts–Strogatz degree from a model parameter): alone, or only in
 * combination with another factor. The study refuses such a design before anything runs, naming
 * the point, the scenario, the network key and the sizes; a scenario with such a parameter gets
 * the same one-line message instead of a stack trace.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { scenarioFrom } from '../../src/scenarios/load.js';
import { checkedPoints, NETWORK_CHECKS, resolveStudy } from '../../src/study/spec.js';
import { fractable } from '../helpers.js';
import { studyDir } from './helpers.js';

const WEIGHT = 'populations.iran.public.weight', K = 'populations.iran.public.network.k';

describe('design points against their networks', () => {
  const dir = studyDir();
  const file = join(dir, 'study.yaml');
  const base = { name: 'n', seed: 2, replicates: 1, agents: 300, scenarios: ['a.yaml'] };

  it('each factor fine alone, the pair not: a small public with a wide ring is refused, naming the point and the sizes', () => {
    // weight 0.02 alone keeps the default k = 8 valid (the public keeps 8+ agents); k = 40 alone fits a public of 100+
    const grid = { method: 'grid', samples: 2, parameters: { [WEIGHT]: { values: [0.05, 0.5] }, [K]: { values: [4, 40] } } };
    let err: unknown;
    try { resolveStudy({ ...base, design: grid }, file); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(InputError);
    const msg = (err as Error).message;
    expect(msg).toContain(`design point 1 (${WEIGHT} = 0.05, ${K} = 40) of scenario "a"`);
    expect(msg).toMatch(/populations\.iran\.public\.network\.k: expected an even integer from 2 to n - 1 = \d+, found 40 \(iran\.public has \d+ agents with 300 agents in all\)/);
    expect(msg.split('\n')).toHaveLength(1);
    // without the bad corner the same factors pass, and every point's public fits its ring
    const ok = resolveStudy({ ...base, design: { ...grid, parameters: { [WEIGHT]: { values: [0.3, 0.5] }, [K]: { values: [4, 40] } } } }, file);
    expect(ok.points).toBe(4);
  });

  it('a model parameter a network reads (the public\'s degree) that the generator refuses: an odd Watts–Strogatz degree', () => {
    expect(() => scenarioFrom({ params: { costFunction: { publicDegree: 7 } } })).toThrow(/^populations\.iran\.public\.network\.k: expected a multiple of 2, found 7$/);
    expect(() => resolveStudy({ ...base, design: { method: 'grid', samples: 2, parameters: { 'costFunction.publicDegree': { values: [8, 9] } } } }, file))
      .toThrow(/design point 1 \(costFunction\.publicDegree = 9\) of scenario "a": populations\.iran\.public\.network\.k: expected a multiple of 2, found 9/);
  });

  it('through the CLI: validate and study exit 2 with the one line, and write nothing', () => {
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, `name: bad\nseed: 1\nreplicates: 1\nagents: 300\nscenarios: [a.yaml]\ndesign:\n  method: grid\n  samples: 2\n  parameters:\n    ${WEIGHT}: { values: [0.05, 0.5] }\n    ${K}: { values: [4, 40] }\n`);
    for (const args of [['validate', f], ['study', f, '--out', join(dir, 'bad.duckdb')]]) {
      const r = fractable(args, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain('design point 1');
    }
    expect(existsSync(join(dir, 'bad.duckdb'))).toBe(false); // no store was created
  });
});

describe('policies against their networks', () => {
  const dir = studyDir();
  const file = join(dir, 'study.yaml');

  it('a lever that leaves a population too small for its ring is refused, naming the policy, with or without a design', () => {
    const levers = [{ name: 'wide', set: { [K]: 40 } }, { name: 'narrow', set: { [K]: 4 } }];
    expect(() => resolveStudy({ name: 'l', seed: 1, replicates: 1, agents: 300, scenarios: ['a.yaml'], levers, design: { method: 'grid', samples: 2, parameters: { [WEIGHT]: { values: [0.05, 0.5] } } } }, file))
      .toThrow(/design point 0 of policy "wide" \(populations\.iran\.public\.network\.k = 40, populations\.iran\.public\.weight = 0\.05\) of scenario "a": populations\.iran\.public\.network\.k: expected an even integer/);
    expect(() => resolveStudy({ name: 'l', seed: 1, replicates: 1, agents: 100, scenarios: ['a.yaml'], levers }, file))
      .toThrow(/policy "wide" \(populations\.iran\.public\.network\.k = 40\) of scenario "a": populations\.iran\.public\.network\.k/);
    expect(resolveStudy({ name: 'l', seed: 1, replicates: 1, agents: 1000, scenarios: ['a.yaml'], levers }, file).runs).toBe(2);
  });

  it('a design larger than NETWORK_CHECKS is checked on every extreme point and an even stride of the rest', () => {
    const pts = Array.from({ length: 1000 }, (_, k) => [k % 7, (k * 13) % 1000]);
    pts[500] = [-1, 2000]; // the only point at factor 0's minimum and factor 1's maximum
    expect(checkedPoints(pts, 2000)).toHaveLength(1000); // under the limit: all
    const picked = checkedPoints(pts, 100);
    expect(picked).toHaveLength(100);
    expect(picked).toContain(500);
    expect(picked).toContain(pts.findIndex((p) => p[1] === 0)); // factor 1's minimum
    expect(picked).toEqual([...picked].sort((a, b) => a - b));
    expect(new Set(picked).size).toBe(100);
    expect(NETWORK_CHECKS).toBeGreaterThanOrEqual(10_000);
  });
});
