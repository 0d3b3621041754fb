/**
 * Each actor's utility over the global state, as the base of its reward vectors (mechanisms add
 * their own terms on top), and the influence matrix between actors (ml-matrix): who sways whom.
 *
 * Rewards are paid as R + hawkishness * H + patience * F per action (kernel-args.ts); the base
 * values sit near 0.5 so that payoffs stay positive for Roth–Erev learners.
 */
import { Matrix } from 'ml-matrix';
import { A, K, P, ACTORS } from './actors.js';
import { share, type RewardSink } from './mechanism.js';
import type { Params } from './params.js';
import { DealStatus, S } from './state.js';

/** Base utilities: [R, H, F] for (cooperative, hold, confrontational) of each actor. */
export function baseRewards(s: Float64Array, p: Params, out: RewardSink): void {
  const T = s[S.tension], B = s[S.weaponBelief], deal = s[S.dealStatus] >= DealStatus.modular ? 1 : 0;
  const enr = s[S.enrichment] / p.latency.weaponsGrade;
  out.add(P.state, A.coop, 0.45 + 0.2 * s[S.talks], -0.2, 0.1);
  out.add(P.state, A.hold, 0.5);
  out.add(P.state, A.confront, 0.45, 0.2, -0.05);
  out.add(P.dod, A.coop, 0.45 - 0.3 * T, -0.2);
  out.add(P.dod, A.hold, 0.5);
  out.add(P.dod, A.confront, 0.42 + 0.1 * T, 0.2);
  out.add(P.congress, A.coop, 0.45 + 0.1 * deal, -0.3);
  out.add(P.congress, A.hold, 0.5);
  out.add(P.congress, A.confront, 0.4 + 0.05 * s[S.proxyAttacks], 0.3);
  out.add(P.leader, A.coop, 0.7, -0.25, 0.2);
  out.add(P.leader, A.hold, 0.55);
  out.add(P.leader, A.confront, 0.5, 0.25, -0.1);
  out.add(P.irgc, A.coop, 0.4, -0.2);
  out.add(P.irgc, A.hold, 0.5);
  out.add(P.irgc, A.confront, 0.3, 0.25);
  out.add(P.pragmatists, A.coop, 0.5, -0.2, 0.1);
  out.add(P.pragmatists, A.hold, 0.5);
  out.add(P.pragmatists, A.confront, 0.4, 0.1);
  out.add(P.israel, A.coop, 0.45 + 0.1 * deal, -0.2);
  out.add(P.israel, A.hold, 0.45 + 0.15 * enr, 0.05);
  out.add(P.israel, A.confront, 0.3 + 0.2 * enr * B, 0.25);
  out.add(P.gulf, A.coop, 0.5 + 0.2 * T, -0.1);
  out.add(P.gulf, A.hold, 0.5);
  out.add(P.gulf, A.confront, 0.45 + 0.1 * B, 0.2);
}

/**
 * Who sways whom: W[i][j] is the pull of actor j's stance on actor i, where a stance is
 * cooperative share minus confrontational share. Pragmatists and the IRGC pull the leader,
 * the IRGC pulls the proxies, Israel pulls Congress and DoD, Congress pulls State, the Gulf
 * pulls State, the leader pulls the pragmatists. Rows sum to at most 1.
 */
export function defaultInfluence(): Matrix {
  const W = Matrix.zeros(ACTORS.length, ACTORS.length);
  const set = (i: number, j: number, w: number) => W.set(i, j, w);
  set(P.leader, P.pragmatists, 0.3); set(P.leader, P.irgc, 0.4);
  set(P.hezbollah, P.irgc, 0.5); set(P.houthis, P.irgc, 0.3); set(P.militias, P.irgc, 0.5);
  set(P.congress, P.israel, 0.4); set(P.dod, P.israel, 0.2); set(P.dod, P.state, 0.2);
  set(P.state, P.congress, 0.3); set(P.state, P.gulf, 0.2);
  set(P.pragmatists, P.leader, 0.3); set(P.irgc, P.leader, 0.2);
  set(P.gulf, P.state, 0.3); set(P.israel, P.dod, 0.2);
  return W;
}

/** Social pull of each actor (W x stance): added to its cooperative reward, taken from its confrontational one. */
export function influenceRewards(W: Matrix, sh: Float64Array | null, p: Params, out: RewardSink): void {
  if (!sh || p.influence.strength === 0) return;
  const n = ACTORS.length;
  const stance = new Matrix(n, 1);
  for (let j = 0; j < n; j++) stance.set(j, 0, share(sh, j, A.coop) - share(sh, j, A.confront));
  const pull = W.mmul(stance);
  for (let i = 0; i < n; i++) {
    const x = p.influence.strength * pull.get(i, 0);
    out.add(i, A.coop, x);
    out.add(i, A.confront, -x);
  }
}

export { K };
