/**
 * What the engine needs from a model: its populations, its global state (a Float64Array of
 * named slots), the reward vectors it pays, and the world update. The engine never looks
 * inside the state; the model never touches agents (only the reward vectors and, between
 * ticks, re-seating requests).
 */
import type { MechanismEvent } from './bus.js';
import type { PopulationDef, WorldLayout } from './world.js';

export interface UpdateContext {
  readonly tick: number;
  readonly seed: number;
  /** uniform in [0, 1) for world-level draw number `k` of this tick (counter-based). */
  draw(k: number): number;
  emit(e: Omit<MechanismEvent, 'tick'>): void;
  /** asks the engine to replace a share of a population's agents after this tick (fresh traits, reset state) */
  reseat(population: number, fraction: number, hawkShift: number): void;
}

export interface ModelRuntime {
  readonly populations: readonly PopulationDef[];
  /** names of the global state slots, recorded every tick */
  readonly stateNames: readonly string[];
  initialState(): Float64Array;
  /** writes every population's R, H, F vectors (3K each, at its rOff) for the coming tick */
  rewards(state: Float64Array, shares: Float64Array | null, out: Float64Array, layout: WorldLayout): void;
  /** the world update after a tick: reads `state` and the action `shares`, writes `next` */
  update(state: Float64Array, shares: Float64Array, next: Float64Array, ctx: UpdateContext): void;
  /** the outcome classifier's view: called with every tick summary and mechanism event */
  createClassifier(): OutcomeClassifier;
}

export interface OutcomeClassifier {
  onTick(tick: number, state: Float64Array): void;
  onEvent(e: MechanismEvent): void;
  /** the label once known (may be null until the end) */
  current(): { kind: import('./bus.js').OutcomeKind; tick: number } | null;
  finish(ticks: number): { kind: import('./bus.js').OutcomeKind; tick: number };
}
