/**
 * Commit pacing (store.ts): a transaction starts once COMMIT_ROWS runs wait, once the first has
 * waited COMMIT_WAIT_MS, or at once when a caller flushes; a run's promise resolves only when its
 * transaction has committed. The timer is faked (setTimeout only), so nothing here depends on how
 * fast the machine is: DuckDB's own work stays real.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WorkerPool } from '../../src/engine/pool.js';
import type { WorldReply } from '../../src/engine/protocol.js';
import { plannedRun, scenarioOf } from '../../src/study/plan.js';
import { keepOf } from '../../src/study/runner.js';
import { resolveStudy, type ResolvedStudy } from '../../src/study/spec.js';
import { COMMIT_ROWS, COMMIT_WAIT_MS, StudyStore } from '../../src/study/store.js';

let study: ResolvedStudy;
let replies: WorldReply[];

beforeAll(async () => {
  study = resolveStudy({ name: 'pace', seed: 3, agents: 100, ticks: 20, replicates: COMMIT_ROWS + 8, scenarios: ['baseline'], record: ['outcome', 'metrics', 'events'] });
  const pool = new WorkerPool({ workers: 1 });
  try {
    replies = await Promise.all([0, 1, 2].map((id) => pool.runWorld({ kind: 'world', run: scenarioOf(study, plannedRun(study, id)), keep: keepOf(study) })));
  } finally {
    await pool.destroy();
  }
  for (const r of replies) expect(r.state).toBe('ok');
}, 120_000);
afterAll(() => { vi.useRealTimers(); });

describe('commit pacing', () => {
  it('holds a few runs for COMMIT_WAIT_MS, commits COMMIT_ROWS at once, and flush() commits what waits; rows and events as the replies say', async () => {
    const store = await StudyStore.open(join(mkdtempSync(join(tmpdir(), 'fractable-pace-')), 'pace.duckdb'), study);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const reply = (id: number) => replies[id % 3]!;
      const committed = new Set<number>();
      const insert = (id: number) => store.insert(plannedRun(study, id), reply(id)).then((s) => { committed.add(id); return s; });

      // two runs: nothing is written until the wait is over
      const first = [insert(0), insert(1)];
      expect(await store.count()).toEqual({ runs: 0, failed: 0 });
      expect(store.pending).toBe(2);
      expect(committed.size).toBe(0);
      vi.advanceTimersByTime(COMMIT_WAIT_MS);
      expect(await Promise.all(first)).toEqual(['ok', 'ok']);
      expect(await store.count()).toEqual({ runs: 2, failed: 0 });

      // COMMIT_ROWS runs: written without the timer
      const many = Array.from({ length: COMMIT_ROWS }, (_, k) => insert(2 + k));
      expect(await Promise.all(many)).toEqual(many.map(() => 'ok'));
      expect(await store.count()).toEqual({ runs: 2 + COMMIT_ROWS, failed: 0 });

      // one run, then flush(): written at once
      const last = insert(2 + COMMIT_ROWS);
      await store.flush();
      expect(committed.has(2 + COMMIT_ROWS)).toBe(true);
      expect(await last).toBe('ok');
      expect(store.pending).toBe(0);

      // every row is the reply it came from (the appender wrote each column in order)
      const rows = await store.use(async (c) => (await c.runAndReadAll('SELECT run_id, outcome, outcome_tick, digest, wall_ms, (SELECT count(*)::INTEGER FROM events e WHERE e.run_id = r.run_id) AS n FROM runs r ORDER BY run_id')).getRowObjectsJS());
      expect(rows.length).toBe(3 + COMMIT_ROWS);
      for (const row of rows) {
        const r = reply(Number(row.run_id));
        if (r.state !== 'ok') throw new Error('unreachable');
        expect(row.outcome).toBe(r.result.outcome.kind);
        expect(row.outcome_tick).toBe(r.result.outcome.tick);
        expect(row.digest).toBe(r.result.digest);
        expect(row.wall_ms).toBe(r.result.wallMs);
        expect(row.n).toBe(r.result.events.length);
      }
      expect(new Set(rows.map((r) => r.digest)).size).toBe(3);
    } finally {
      vi.useRealTimers();
      await store.close();
    }
  }, 60_000);
});
