/**
 * Concession bargaining (Zeuthen 1930; Harsanyi 1956): each side holds a proposal; a side's risk
 * limit is the share of its gain from its own proposal that it would lose by accepting the
 * other's,
 *
 *   risk_i = (g_i(own_i) − g_i(own_j)) / g_i(own_i),
 *
 * and the side with the smaller risk limit (the one that has more to lose from a breakdown)
 * concedes: it moves its proposal toward the other's by a share of the gap, but never out of its
 * own win-set (every one of its veto players must still prefer it to no deal). When the two
 * proposals meet the sides have agreed; when neither can move, the win-sets do not meet: a
 * stalemate. With small steps the process converges to the Nash bargaining solution
 * argmax g_1(x) g_2(x) (Harsanyi 1956): the docking oracle of the table
 * (test/models/table/docking.test.ts).
 */
import { D, distance, furthestInside, gain, inWinSet, lerp, type Player } from './issues.js';

export interface Side {
  /** the side's principal: whose gains decide its risk limit */
  principal: Player;
  /** every veto player of the side (the principal included) */
  vetoes: readonly Player[];
  /** its current proposal (updated in place) */
  proposal: Float64Array;
  /** its negotiators' flexibility in [0, 1]: the share of a full concession step it takes */
  flexibility: number;
}

export type Step =
  | { kind: 'agreed'; at: Float64Array }
  | { kind: 'conceded'; side: 0 | 1; moved: number }
  | { kind: 'stuck' };

/** Risk limit of a side: 0 when its own proposal gains it nothing (it cannot afford any risk). */
export function riskLimit(s: Side, other: Side): number {
  const own = gain(s.proposal, s.principal);
  if (own <= 0) return 0;
  return (own - gain(other.proposal, s.principal)) / own;
}

const scratchA = new Float64Array(D), scratchB = new Float64Array(D), mid = new Float64Array(D);

/**
 * One round of concessions between sides a and b: if the proposals are within `agreeGap` and
 * their midpoint is in both win-sets they have agreed; otherwise the side with the smaller risk
 * limit concedes a share `rate × flexibility` of the gap (if it cannot, the other side concedes if
 * it can; if neither can, the round is stuck).
 */
export function concede(a: Side, b: Side, rate: number, agreeGap: number): Step {
  if (distance(a.proposal, b.proposal) <= agreeGap) {
    lerp(a.proposal, b.proposal, 0.5, mid);
    if (inWinSet(mid, a.vetoes) && inWinSet(mid, b.vetoes)) return { kind: 'agreed', at: Float64Array.from(mid) };
  }
  const ra = riskLimit(a, b), rb = riskLimit(b, a);
  const order: Array<[Side, Side, 0 | 1]> = ra <= rb ? [[a, b, 0], [b, a, 1]] : [[b, a, 1], [a, b, 0]];
  for (const [s, o, which] of order) {
    const moved = step(s, o, rate);
    if (moved > 0) return { kind: 'conceded', side: which, moved };
  }
  return { kind: 'stuck' };
}

/** Moves s's proposal toward o's by rate × flexibility of the gap, kept inside s's win-set; returns the distance moved. */
function step(s: Side, o: Side, rate: number): number {
  const t = rate * s.flexibility;
  if (t <= 0) return 0;
  const target = lerp(s.proposal, o.proposal, t, scratchA);
  const keep = furthestInside(s.proposal, target, s.vetoes, scratchB);
  if (keep <= 0) return 0;
  const next = lerp(s.proposal, target, keep, scratchB);
  const moved = distance(s.proposal, next);
  s.proposal.set(next);
  return moved;
}
