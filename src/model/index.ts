/**
 * The seed's model as the engine runs it: populations from the scenario, the initial global
 * state, the reward vectors, and the world update. The update runs, in order: the eleven
 * mechanisms up to the proxies (mechanisms/index.ts), the bargaining table (negotiation.ts),
 * the interventions, and the escalation ladder (escalation.ts).
 */
import type { ModelRuntime, UpdateContext } from '../engine/model-api.js';
import type { PopulationDef, WorldLayout } from '../engine/world.js';
import type { ResolvedScenario } from '../scenarios/schema.js';
import { ACTORS } from './actors.js';
import { escalate } from './escalation.js';
import type { RewardSink, TickIO } from './mechanism.js';
import { MECHANISMS, interventions } from './mechanisms/index.js';
import { breakoutWeeks, leverage } from './mechanisms/latency.js';
import { negotiate } from './negotiation.js';
import { createClassifier } from './outcomes.js';
import { NS, S, STATE_NAMES } from './state.js';
import { baseRewards, defaultInfluence, influenceRewards } from './utilities.js';

/** Splits `total` agents over populations by weight (largest remainder), at least 1 each. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const free = Math.max(0, total - n);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (free * w) / sum);
  const sizes = exact.map((x) => 1 + Math.floor(x));
  let left = total - sizes.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) sizes[order[k][1]]++;
  return sizes;
}

export function populationsOf(sc: ResolvedScenario): PopulationDef[] {
  const sizes = apportion(sc.agents, ACTORS.map((a) => sc.populations[a.name].weight));
  return ACTORS.map((a, i) => {
    const c = sc.populations[a.name];
    return { name: a.name, actions: a.actions, size: sizes[i], rule: c.rule, noise: c.noise, hawk: c.hawk, patience: c.patience };
  });
}

export function initialState(sc: ResolvedScenario): Float64Array {
  const w = sc.params.world, p = sc.params;
  const s = new Float64Array(NS);
  s[S.enrichment] = w.enrichment;
  s[S.stockpile] = w.stockpile;
  s[S.breakoutWeeks] = breakoutWeeks(w.enrichment, w.stockpile, p);
  s[S.leverage] = leverage(s[S.breakoutWeeks], p);
  s[S.sanctions] = w.sanctions;
  s[S.adaptation] = w.adaptation;
  s[S.stress] = w.sanctions * (1 - 0.6 * w.adaptation) * 0.7;
  s[S.dissent] = w.dissent;
  s[S.tension] = w.tension;
  s[S.credibility] = w.credibility;
  s[S.threatCredibility] = w.threatCredibility;
  s[S.access] = w.access;
  s[S.weaponBelief] = w.weaponBelief;
  s[S.irgcLegitimacy] = 0.5 * p.proxies.threatLegitimacy;
  s[S.dealAge] = -1;
  s[S.redLine] = p.redLines.initial;
  s[S.electionClock] = p.credibility.firstElection;
  return s;
}

/**
 * A RewardSink over the engine's reward buffer: R at rOff, H at rOff+K, F at rOff+2K.
 * Traits enter centred on 0.5: an agent earns r + (hawk - 1/2) h + (patience - 1/2) f, so a
 * population of average members is paid r; the kernel's R + hawk H + patience F form gets
 * R = r - h/2 - f/2.
 */
class Rewards implements RewardSink {
  out!: Float64Array;
  layout!: WorldLayout;
  add(pop: number, a: number, r: number, h = 0, f = 0): void {
    const l = this.layout.populations[pop], o = l.rOff;
    this.out[o + a] += r - 0.5 * h - 0.5 * f;
    this.out[o + l.K + a] += h;
    this.out[o + 2 * l.K + a] += f;
  }
}

export function createModel(sc: ResolvedScenario): ModelRuntime {
  const p = sc.params;
  const W = defaultInfluence();
  const sink = new Rewards();
  const hooks = sc.test && (!sc.test.onlySeeds || sc.test.onlySeeds.includes(sc.seed)) ? sc.test : undefined;
  const hog: unknown[] = [];
  return {
    populations: populationsOf(sc),
    stateNames: STATE_NAMES,
    initialState: () => initialState(sc),
    rewards(s, sh, out, layout) {
      out.fill(0, 0, layout.rewardFloats);
      sink.out = out; sink.layout = layout;
      baseRewards(s, p, sink);
      for (const m of MECHANISMS) m.rewards?.(s, sh, p, sink);
      influenceRewards(W, sh, p, sink);
    },
    update(s, sh, n, ctx: UpdateContext) {
      if (hooks?.failAtTick === ctx.tick) throw new Error(`test hook: run fails at tick ${ctx.tick}`);
      // on the JS heap (not typed arrays, which live outside it), so the worker's heap limit trips
      if (hooks?.exhaustMemory) for (;;) hog.push(new Array(1 << 20).fill(1));
      n.set(s);
      const io: TickIO = { s, n, sh, p, ctx };
      for (const m of MECHANISMS) if (m !== interventions) m.update?.(io);
      negotiate(io);
      interventions.update?.(io);
      escalate(io);
    },
    createClassifier: () => createClassifier(p.outcomes.dealWindow),
  };
}

export { STATE_NAMES, S };
