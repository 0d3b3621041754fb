/**
 * Mechanism 11 — the interventions of the seed's last section, each acting through the decisions
 * it changes, not through the outcome.
 *
 * - Maximum pressure (interventions.pressure): pays the President for pressure (new executive
 *   sanctions rounds, economy.executiveStep, when the running support for pressure decides; and a
 *   reversal of a deal in force, credibility.ts) and raises enforcement on China's refiners.
 * - Maximum clarity (interventions.clarity): pays the President for engaging with explicit,
 *   reciprocal conditions, and DoD for matching State's posture (signals.ts).
 * - The locked escrow / limited purpose clearinghouse (interventions.escrow): while talks, an interim
 *   or a deal are under way, escrowRate flows into a channel that a reversal cannot take back
 *   (credibility.ts). Freezing it is the President's choice: while the channel holds funds, the
 *   President's pay for pressure includes freezeAppeal · attacks − freezeCost, and a decided
 *   pressure freezes it (escrow-frozen). Iran counts freezes (freezeSeen) and expects the channel's
 *   durability from them (players.ts).
 * - Modular vs grand (interventions.agenda): which dimensions are at the table and who holds a veto
 *   (players.ts); under a modular agenda the regional file moves on its own multilateral track,
 *   regionalTrack += trackSpeed · mediate(Gulf) · (1 − regionalTrack).
 * - The de-escalation ladder (interventions.ladder): reciprocal, irreversible steps. When it is its
 *   turn (it has taken no more steps than the other side), the US takes a step if the President's
 *   running support for engaging decides (ladderRelief of relief that no one takes back), and Iran
 *   takes a step if the Leader's running support for accepting decides (an enrichment level rolled
 *   back and ladderCap of the stockpile diluted). A principal is paid ladderValue for taking its
 *   step when the other side took its last one. Each US step kept counts for Iran as evidence that
 *   US commitments hold (ladderEvidence observations per step).
 */
import { decided, spend } from '../decisions.js';
import type { Mechanism } from '../model.js';
import { A, P } from '../populations.js';
import { PHASE, S } from '../state.js';

export const interventions: Mechanism = {
  name: 'interventions',
  title: 'Interventions: maximum pressure or clarity, locked escrow, modular or grand, the de-escalation ladder',
  passages: ['clarity', 'escrow', 'modular'],
  groups: ['interventions', 'economy', 'gulf'],
  update(m) {
    const n = m.n, iv = m.p.interventions, e = m.p.economy;
    const underWay = n[S.phase]! >= PHASE.talks;
    // the locked channel
    if (iv.escrow && underWay && n[S.escrowFrozen] === 0) {
      if (n[S.escrow] === 0) m.io.emit({ kind: 'escrow-opened', actor: 'us.president' });
      n[S.escrow] = n[S.escrow]! + iv.escrowRate;
    }
    if (iv.escrow && n[S.escrow]! > 0 && n[S.escrowFrozen] === 0 && decided(m, S.pressureSupport!)) {
      n[S.escrowFrozen] = 1;
      n[S.freezeSeen] = n[S.freezeSeen]! + 1;
      m.io.emit({ kind: 'escrow-frozen', actor: 'us.president', detail: { balance: n[S.escrow]! } });
      spend(m, S.pressureSupport!);
    }
    // executive pressure rounds (a deal in force is reversed instead: credibility.ts)
    if (n[S.phase] !== PHASE.deal && decided(m, S.pressureSupport!) && m.tick % e.stepWeeks === 0) {
      n[S.sanctions] = n[S.sanctions]! + e.executiveStep * (1 - n[S.sanctions]!);
      m.io.emit({ kind: 'sanctions-imposed', actor: 'us.president', detail: { sanctions: n[S.sanctions]! } });
      spend(m, S.pressureSupport!);
    }
    // the regional track of a modular agenda
    if (iv.agenda === 'modular') n[S.regionalTrack] = n[S.regionalTrack]! + m.p.gulf.trackSpeed * m.share(P['gulf'], A['gulf'].mediate) * (1 - n[S.regionalTrack]!);
    // the ladder
    if (iv.ladder) {
      const us = n[S.usLadder]!, ir = n[S.irLadder]!;
      if (us < iv.ladderSteps && us <= ir && decided(m, S.engageSupport!)) {
        n[S.usLadder] = us + 1;
        n[S.relief] = Math.min(1, n[S.relief]! + iv.ladderRelief);
        n[S.keepSeen] = n[S.keepSeen]! + iv.ladderEvidence;
        m.io.emit({ kind: 'ladder-step', actor: 'us.president', detail: { step: us + 1 } });
      } else if (ir < us && decided(m, S.acceptSupport!)) {
        n[S.irLadder] = ir + 1;
        n[S.level] = Math.max(0, n[S.level]! - 1);
        n[S.stockpile] = n[S.stockpile]! * (1 - iv.ladderCap);
        m.io.emit({ kind: 'ladder-step', actor: 'iran.leader', detail: { step: ir + 1 } });
      }
    }
  },
  rewards(m, out) {
    const s = m.cur, iv = m.p.interventions, pres = P['us.president'], X = A['us.president'];
    out.reward(pres, X.engage, iv.clarity);
    out.reward(pres, X.pressure, iv.pressure);
    if (iv.escrow && s[S.escrow]! > 0 && s[S.escrowFrozen] === 0) out.reward(pres, X.pressure, iv.freezeAppeal * s[S.attacks]! - iv.freezeCost);
    if (iv.ladder) {
      if (s[S.irLadder]! >= s[S.usLadder]! && s[S.usLadder]! < iv.ladderSteps) out.reward(pres, X.engage, iv.ladderValue);
      if (s[S.usLadder]! > s[S.irLadder]!) out.reward(P['iran.leader'], A['iran.leader'].accept, iv.ladderValue);
    }
  },
};
