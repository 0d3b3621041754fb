/**
 * The table's issue space (Putnam's two-level game over several issues, with positions and
 * salience as in Bueno de Mesquita's expected-utility model and KAPSARC's KTAB). A deal is a
 * vector x over five dimensions, each in [0, 1]:
 *
 *   enrichment   strictness of the limits (0 none, 1 zero enrichment; the JCPOA's 3.67% ≈ 0.7)
 *   access       verification (0.3 safeguards, 0.6 the Additional Protocol, 1 anytime, anywhere)
 *   relief       share of sanctions lifted
 *   durability   the form of relief (0 an executive waiver, ½ a locked escrow channel, 1 a treaty)
 *   regional     regional, proxy and missile restraint
 *
 * A faction f holds position p_f and salience s_f on each dimension; its utility of terms x is
 *
 *   u_f(x) = − Σ_d s_f,d (x_d − p_f,d)²
 *
 * and a side's position is the capability × salience weighted mean of its factions' positions:
 *
 *   p_side,d = Σ_f c_f s_f,d p_f,d / Σ_f c_f s_f,d.
 *
 * A veto player v prefers terms x to no deal when its *gain*
 *
 *   g_v(x) = D_v(x) · (u_v(x) − u_v(q)) − k_v(x) − o_v
 *
 * is positive: q is the status quo (the terms the world holds without a deal), D_v(x) in [0, 1]
 * the durability the player expects of terms of x's form, k_v(x) the costs a deal imposes on it
 * beyond the terms (a switching cost, the surrender image of conceding under pressure), and o_v
 * the value of its outside option that a deal ends (the disagreement point of Nash's bargaining
 * problem: the IRGC's legitimacy from external threat, Israel's preventive option). A side's
 * win-set is the set of terms every one of its veto players prefers to no deal.
 */
import { NUMERICS } from './params.js';

export const DIMS = ['enrichment', 'access', 'relief', 'durability', 'regional'] as const;
export const D = DIMS.length;
export const DIM = Object.fromEntries(DIMS.map((d, i) => [d, i])) as { readonly [K in (typeof DIMS)[number]]: number };
/** The nuclear dimensions (a modular agenda bargains over these; the regional file goes to a separate track). */
export const NUCLEAR = [DIM.enrichment, DIM.access, DIM.relief, DIM.durability] as const;

/** A veto player (or a side's principal) as the table sees it. */
export interface Player {
  /** position p (D numbers) */
  readonly ideal: Float64Array;
  /** salience s (D numbers; 0 on a dimension outside the agenda) */
  readonly sal: Float64Array;
  /** the status quo q: what the world holds without a deal */
  readonly quo: Float64Array;
  /** expected durability of terms of form 0 (executive), ½ (escrow), 1 (treaty) */
  readonly durability: readonly [number, number, number];
  /** costs beyond the terms: per unit of relief taken, and per unit of concession on enrichment and access */
  readonly reliefCost: number;
  readonly concessionCost: number;
  /** the value of its outside option beyond the status quo's terms (Nash's disagreement point): what a deal ends for it */
  readonly outside: number;
}

/** u(x) = − Σ_d s_d (x_d − p_d)² */
export function utility(x: ArrayLike<number>, ideal: ArrayLike<number>, sal: ArrayLike<number>): number {
  let u = 0;
  for (let d = 0; d < D; d++) { const e = x[d]! - ideal[d]!; u -= sal[d]! * e * e; }
  return u;
}

/** Expected durability of terms whose form is f in [0, 1]: piecewise linear through executive, escrow, treaty. */
export function durabilityOf(f: number, dur: readonly [number, number, number]): number {
  const [executive, escrow, treaty] = dur, half = 0.5;
  return f <= half ? executive + (escrow - executive) * (f / half) : escrow + (treaty - escrow) * ((f - half) / half);
}

/** g_v(x) = D_v(x) (u_v(x) − u_v(q)) − k_v(x) − o_v: a player's gain from terms x over no deal (o_v: its outside option). */
export function gain(x: ArrayLike<number>, v: Player): number {
  const dur = durabilityOf(x[DIM.durability]!, v.durability);
  const conceded = Math.max(0, x[DIM.enrichment]! - v.quo[DIM.enrichment]!) + Math.max(0, x[DIM.access]! - v.quo[DIM.access]!);
  return dur * (utility(x, v.ideal, v.sal) - utility(v.quo, v.ideal, v.sal)) - v.reliefCost * x[DIM.relief]! - v.concessionCost * conceded - v.outside;
}

/** Whether every veto player prefers x to no deal. */
export function inWinSet(x: ArrayLike<number>, vetoes: readonly Player[]): boolean {
  for (const v of vetoes) if (gain(x, v) < 0) return false;
  return true;
}

/** Euclidean distance between two term vectors. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let d = 0; d < D; d++) { const e = a[d]! - b[d]!; s += e * e; }
  return Math.sqrt(s);
}

/** out = a + t (b − a) */
export function lerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number, out: Float64Array): Float64Array {
  for (let d = 0; d < D; d++) out[d] = a[d]! + t * (b[d]! - a[d]!);
  return out;
}

/** A faction's position between its side's hard and accommodating profiles: p = hard + w (soft − hard). */
export function positionAt(hard: ArrayLike<number>, soft: ArrayLike<number>, w: number, out: Float64Array): Float64Array {
  return lerp(hard, soft, w, out);
}

/** The capability × salience weighted mean of positions: a side's position (and its salience, the capability-weighted mean). */
export function aggregate(positions: readonly ArrayLike<number>[], saliences: readonly ArrayLike<number>[], capability: readonly number[], pos: Float64Array, sal: Float64Array): void {
  let cap = 0;
  for (const c of capability) cap += c;
  for (let d = 0; d < D; d++) {
    let w = 0, x = 0, s = 0;
    for (let f = 0; f < positions.length; f++) {
      const cs = capability[f]! * saliences[f]![d]!;
      w += cs; x += cs * positions[f]![d]!; s += capability[f]! * saliences[f]![d]!;
    }
    pos[d] = w > 0 ? x / w : positions[0]![d]!;
    sal[d] = cap > 0 ? s / cap : 0;
  }
}

/**
 * The point nearest to `from` on the segment from `from` to `to` that stays in the win-set, found
 * by bisection on t in [0, 1] (the win-set of quadratic gains is convex along a segment that
 * starts inside it): the largest t with from + t (to − from) in the win-set. Returns that t
 * (0 when `from` itself is outside).
 */
export function furthestInside(from: ArrayLike<number>, to: ArrayLike<number>, vetoes: readonly Player[], scratch: Float64Array, steps = NUMERICS.bisection): number {
  if (!inWinSet(from, vetoes)) return 0;
  if (inWinSet(lerp(from, to, 1, scratch), vetoes)) return 1;
  let lo = 0, hi = 1;
  for (let i = 0; i < steps; i++) {
    const mid = 0.5 * (lo + hi);
    if (inWinSet(lerp(from, to, mid, scratch), vetoes)) lo = mid; else hi = mid;
  }
  return lo;
}
