/**
 * Each actor's utility over the global state, as the base of its reward vectors (mechanisms add
 * their own terms on top), and the influence matrix between actors (ml-matrix): who sways whom.
 * A member with hawkishness h and patience d is paid r + (h - 1/2) H + (d - 1/2) F + noise for
 * an action with base terms (r, H, F); the base values sit near 0.5 so that payoffs stay
 * positive for Roth–Erev learners. T = tension, B = weaponBelief, deal = 1 while a full deal
 * holds, e = enrichment / weaponsGrade. Base terms (r; H; F), cooperative / hold / confrontational:
 *   State       (0.45 + 0.2 talks; -0.2; 0.1) / (0.5; 0; 0) / (0.45; 0.2; -0.05)
 *   DoD         (0.45 - 0.3 T; -0.2; 0)       / (0.5; 0; 0) / (0.42 + 0.1 T; 0.2; 0)
 *   Congress    (0.45 + 0.1 deal; -0.3; 0)    / (0.5; 0; 0) / (0.4 + 0.05 proxyAttacks; 0.3; 0)
 *   leader      (0.7; -0.25; 0.2)             / (0.55; 0; 0) / (0.5; 0.25; -0.1)
 *   IRGC        (0.4; -0.2; 0)                / (0.5; 0; 0) / (0.3; 0.25; 0)
 *   pragmatists (0.5; -0.2; 0.1)              / (0.5; 0; 0) / (0.4; 0.1; 0)
 *   Israel      (0.45 + 0.1 deal; -0.2; 0)    / (0.45 + 0.15 e; 0.05; 0) / (0.3 + 0.2 e B; 0.25; 0)
 *   Gulf        (0.5 + 0.2 T; -0.1; 0)        / (0.5; 0; 0) / (0.45 + 0.1 B; 0.2; 0)
 * (proxies, China and Russia are paid by their mechanisms: proxies.ts, buffer.ts.)
 * Influence: stance_j = cooperative share - confrontational share of actor j; pull = W stance;
 * actor i's cooperative reward gains influence.strength * pull_i and its confrontational reward
 * loses it. W (row i is swayed by column j): leader <- pragmatists 0.3, IRGC 0.4; Hezbollah <-
 * IRGC 0.5; Houthis <- IRGC 0.3; Iraqi militias <- IRGC 0.5; Congress <- Israel 0.4; DoD <-
 * Israel 0.2, State 0.2; State <- Congress 0.3, Gulf 0.2; pragmatists <- leader 0.3; IRGC <-
 * leader 0.2; Gulf <- State 0.3; Israel <- DoD 0.2.
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
