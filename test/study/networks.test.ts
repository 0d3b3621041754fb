/**
 * A study of networked worlds (the `cascades` model on Watts–Strogatz networks, with heterogeneous
 * thresholds): the same runs and series for 1 and 2 workers, and after a stop and a resume.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStudy } from '../../src/study/spec.js';
import { runStudy } from '../../src/study/runner.js';
import { tempDir } from '../helpers.js';
import { table } from './helpers.js';

const spec = {
  name: 'nets', seed: 3, replicates: 14, model: 'cascades', agents: 3000, ticks: 40,
  scenarios: ['n.yaml'],
  design: { method: 'lhs', samples: 3, parameters: { 'drive.push': [0, 0.1] } },
  record: ['outcome', 'metrics', 'series', 'events'],
};

describe('studies of networked worlds', () => {
  it('give the same runs for 1 and 2 workers and after a stop and resume', async () => {
    const dir = tempDir('fractable-nets-');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'n.yaml'), 'name: n\nmodel: cascades\npopulations:\n  agents:\n    network: { kind: watts-strogatz, k: 6, p: 0.1 }\n    rule: { kind: threshold, threshold: { kind: uniform, min: 0.05, max: 0.5 }, seeds: { count: 20 } }\n');
    const study = resolveStudy(spec, join(dir, 'study.yaml'));
    expect(study.runs).toBe(42);
    await runStudy(study, { out: join(dir, 'one.duckdb'), workers: 1 });
    const stop = new AbortController();
    // 4 running at once and at most 4 more waiting for their transaction (not the 16 and 128 of a study of small
    // worlds on 2 workers), so that at most 8 runs have started when the first transaction stores the fifth
    const first = await runStudy(study, { out: join(dir, 'two.duckdb'), workers: 2, maxInFlight: 4, stop: stop.signal, onProgress: (p) => { if (p.done >= 5) stop.abort(); } });
    expect(first.interrupted).toBe(true);
    const second = await runStudy(study, { out: join(dir, 'two.duckdb'), workers: 2, resume: true });
    expect(second.done).toBe(42);
    const a = await table(join(dir, 'one.duckdb'), 'runs', 'run_id', ['wall_ms']);
    const b = await table(join(dir, 'two.duckdb'), 'runs', 'run_id', ['wall_ms']);
    expect(b).toEqual(a);
    expect(new Set(a.map((r) => r.outcome))).toContain('global');
    expect(await table(join(dir, 'two.duckdb'), 'series', 'run_id, tick')).toEqual(await table(join(dir, 'one.duckdb'), 'series', 'run_id, tick'));
  });
});
