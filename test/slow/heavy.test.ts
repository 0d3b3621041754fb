/**
 * Heavier checks, run by `npm run test:slow` (and CI), not by `npm test`:
 * determinism of a world large enough to be sharded by default, and the calibration and a few
 * directional claims at the default world size (2000 agents) rather than the small worlds of
 * the fast suite.
 */
import { describe, expect, it } from 'vitest';
import { SHARD_THRESHOLD } from '../../src/engine/run.js';
import { runScenario } from '../../src/scenarios/run.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { loadScenario, scenarioFrom } from '../../src/scenarios/load.js';
import { twoProportionZTest, wilson } from '../../src/analysis/stats.js';
import type { ResolvedScenario } from '../../src/scenarios/schema.js';

async function outcomes(pool: WorkerPool, make: (seed: number) => ResolvedScenario, n: number): Promise<string[]> {
  const replies = await Promise.all(Array.from({ length: n }, (_, i) => pool.runWorld({ kind: 'world', run: make(i + 1), keep: { series: null, events: false } })));
  return replies.map((r) => (r.state === 'ok' ? r.result.outcome.kind : `failed: ${r.error}`));
}
const share = (xs: string[], ...kinds: string[]) => xs.filter((k) => kinds.includes(k)).length;

describe('large worlds', () => {
  it(`a ${SHARD_THRESHOLD + 50_000}-agent world gives one digest whole and sharded over 2, 3 and 4 workers`, async () => {
    const sc = scenarioFrom({ agents: SHARD_THRESHOLD + 50_000, ticks: 30, seed: 77 });
    const whole = await runScenario(sc, { mode: 'whole' });
    const pool = new WorkerPool({ workers: 4 });
    try {
      for (const workers of [2, 3, 4]) {
        const r = await runScenario(sc, { workers, pool });
        expect(r.mode).toBe('sharded');
        expect(r.digest).toBe(whole.digest);
      }
    } finally {
      await pool.destroy();
    }
  }, 600_000);
});

describe('the default world size (2000 agents, 520 ticks)', () => {
  const N = 300;
  const pool = new WorkerPool({ workers: 2 });
  const at = (ref: string, params: Record<string, unknown> = {}) => (seed: number) => ({ ...loadScenario(ref, { params }), agents: 2000, ticks: 520, seed });

  it('the baseline is mostly stalemate, with some escalation and rare deals (99% Wilson intervals)', async () => {
    const xs = await outcomes(pool, at('baseline'), N);
    const st = wilson(share(xs, 'stalemate'), N, 0.99), esc = wilson(share(xs, 'escalation'), N, 0.99), deal = wilson(share(xs, 'deal'), N, 0.99);
    expect(st.lo).toBeGreaterThan(0.5);
    expect(esc.lo).toBeGreaterThan(0.05);
    expect(esc.hi).toBeLessThan(0.45);
    expect(deal.hi).toBeLessThan(0.2);
  }, 600_000);

  it('a modular deal beats a grand bargain, and maximum clarity beats maximum pressure, on deals', async () => {
    const mod = await outcomes(pool, at('modular-deal'), N), grand = await outcomes(pool, at('grand-bargain'), N);
    expect(twoProportionZTest(share(mod, 'deal'), N, share(grand, 'deal'), N).pGreater).toBeLessThan(0.01);
    const clarity = await outcomes(pool, at('maximum-clarity'), N), pressure = await outcomes(pool, at('maximum-pressure'), N);
    expect(twoProportionZTest(share(clarity, 'deal'), N, share(pressure, 'deal'), N).pGreater).toBeLessThan(0.01);
    expect(twoProportionZTest(share(pressure, 'escalation'), N, share(clarity, 'escalation'), N).pGreater).toBeLessThan(0.01);
  }, 900_000);

  it('more proxy autonomy raises escalation and collapse; the de-escalation ladder lowers escalation', async () => {
    const free = await outcomes(pool, at('baseline', { proxies: { autonomy: 1 } }), N), held = await outcomes(pool, at('proxy-restraint'), N);
    expect(twoProportionZTest(share(free, 'escalation', 'collapse'), N, share(held, 'escalation', 'collapse'), N).pGreater).toBeLessThan(0.01);
    const noLadder = await outcomes(pool, at('baseline'), N), ladder = await outcomes(pool, at('baseline', { interventions: { ladder: true } }), N);
    expect(twoProportionZTest(share(noLadder, 'escalation'), N, share(ladder, 'escalation'), N).pGreater).toBeLessThan(0.01);
  }, 900_000);

  it('closes the pool', async () => { await pool.destroy(); });
});
