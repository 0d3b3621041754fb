/** The `events` table: every run's event history, consistent with the per-kind counts of `runs`. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeModel } from '../../src/engine/declaration.js';
import { getModel } from '../../src/models/index.js';
import { runStudy } from '../../src/study/runner.js';
import { resolveStudy } from '../../src/study/spec.js';
import { tempDir } from '../helpers.js';
import { query } from './helpers.js';

describe('the events table', () => {
  it('holds each run\'s event history: the declared kinds, ticks in order, as many as the counts say', async () => {
    const dir = tempDir('fractable-events-');
    const study = resolveStudy({ name: 'ev', seed: 2, replicates: 4, agents: 260, ticks: 260, scenarios: ['baseline'], record: ['outcome', 'metrics', 'events'] });
    const db = join(dir, 'ev.duckdb');
    await runStudy(study, { out: db, workers: 2 });
    const kinds = describeModel(getModel('table')).events.map((e) => e.kind);
    const rows = await query(db, 'SELECT run_id, tick, kind, actor, detail FROM events ORDER BY run_id, tick');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(kinds).toContain(r.kind);
    const counted = await query(db, `SELECT sum(${kinds.map((k) => `"events_${k.replace(/[^A-Za-z0-9]+/g, '_')}"`).join(' + ')})::INTEGER AS n FROM runs`);
    expect(rows.length).toBe(Number(counted[0]!.n));
    expect(rows.some((r) => r.kind === 'election' && typeof r.detail === 'string' && typeof JSON.parse(r.detail).democraticVote === 'number')).toBe(true);
  });
});
