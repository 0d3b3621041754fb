/**
 * Mechanism 4 — signals without unified command.
 *
 * Decision: DoD's officials stand down, hold or surge (a carrier group). Surging pays
 * deterrence · (attacks + tension + Israel's strike support) (the deterrence mission); standing
 * down pays (unifiedCommand + clarity) · concede(State): how far the military arm is paid for
 * matching the diplomatic arm (1: one voice). A surge adds surgeTension to tension.
 *
 * Belief: Iran reads what it sees. Each week it observes the diplomatic arm's olive branch
 * (State's concede share) and the military arm's surge (DoD's surge share) and counts
 *
 *   incoherent evidence = concede(State) · surge(DoD),   coherent evidence = concede(State) · (1 − surge(DoD))
 *
 * at signals.evidenceRate observations a week: unifiedBelief = coherentSeen / (coherentSeen +
 * incoherentSeen) (a Beta–Bernoulli belief with prior signals.priorUnified / priorIncoherent).
 * The belief scales what Iran expects the US to deliver (players.ts: ½ + ½ unifiedBelief), so
 * contradictory signals shrink Iran's win-set: no penalty is written on the talks themselves.
 */
import type { Mechanism } from '../model.js';
import { hawkTilt } from '../model.js';
import { A, P } from '../populations.js';
import { S } from '../state.js';

export const signals: Mechanism = {
  name: 'signals',
  title: 'Signals without unified command',
  passages: ['signals'],
  groups: ['signals'],
  update(m) {
    const n = m.n, g = m.p.signals;
    const olive = m.share(P['us.state'], A['us.state'].concede), surge = m.share(P['us.dod'], A['us.dod'].surge);
    n[S.coherentSeen] = n[S.coherentSeen]! + g.evidenceRate * olive * (1 - surge);
    n[S.incoherentSeen] = n[S.incoherentSeen]! + g.evidenceRate * olive * surge;
    n[S.unifiedBelief] = n[S.coherentSeen]! / (n[S.coherentSeen]! + n[S.incoherentSeen]!);
    n[S.tension] = n[S.tension]! + m.p.military.surgeTension * surge;
  },
  rewards(m, out) {
    const s = m.cur, g = m.p.signals, base = m.p.principals.baseline, dod = P['us.dod'], X = A['us.dod'];
    const threat = s[S.attacks]! + s[S.tension]! + s[S.israelStrikeSupport]!;
    out.reward(dod, X['stand-down'], base + (g.unifiedCommand + m.p.interventions.clarity) * m.share(P['us.state'], A['us.state'].concede));
    out.reward(dod, X.hold, base);
    out.reward(dod, X.surge, base + g.deterrence * threat);
    hawkTilt(m, out, dod, X['stand-down'], X.surge);
  },
};
