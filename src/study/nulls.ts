/**
 * Null model (b) of the validation: events as Poisson processes. Each event kind k occurs at
 * the full model's average rate λ_k (its events per run-week over the posterior check runs),
 * independently of every other kind and of history; each event's detail (its marks: a deal's
 * form, a President's party, an enrichment level) is drawn uniformly from the details of that
 * kind in the full model's runs. Scored on the same patterns, it says how much of a pattern's
 * share the model's mechanisms explain beyond event rates alone.
 *
 * A history is a pure function of (rates, marks, run index, ticks, seed): run i's kind k uses
 * its own counter stream, with exponential inter-arrival times t += −ln(u)/λ_k (in weeks).
 */
import { CounterStream, Stream } from '../random/rng.js';

/** The analysis sub-stream of the Poisson null (the counter key's tick word). */
export const NULL_POISSON_SUBSTREAM = 0x7000;

export interface EventRate {
  kind: string;
  /** events per run-week */
  rate: number;
  /** the details seen for this kind (JSON text, or null), drawn uniformly for each event */
  details: (string | null)[];
  /** the actor of this kind's events (the most common one in the full model's runs) */
  actor: string;
}

export interface NullEvent { tick: number; kind: string; actor: string; detail: string | null }

/** One run's history under the Poisson null, ordered by tick then kind order. */
export function poissonHistory(rates: readonly EventRate[], run: number, ticks: number, seed: number): NullEvent[] {
  const out: NullEvent[] = [];
  rates.forEach((r, k) => {
    if (!(r.rate > 0)) return;
    const rng = new CounterStream(seed, Stream.analysis, run, NULL_POISSON_SUBSTREAM + k);
    for (let t = -Math.log(1 - rng.next()) / r.rate; t < ticks; t += -Math.log(1 - rng.next()) / r.rate) {
      const detail = r.details.length > 0 ? r.details[Math.min(r.details.length - 1, Math.floor(rng.next() * r.details.length))]! : null;
      out.push({ tick: Math.floor(t), kind: r.kind, actor: r.actor, detail });
    }
  });
  return out.sort((a, b) => a.tick - b.tick);
}
