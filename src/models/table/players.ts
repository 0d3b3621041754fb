/**
 * The two sides at the table, rebuilt every tick from what the factions' members chose.
 *
 * A faction's flexibility w in [0, 1] is the share of its members that took its accommodating
 * action plus half the share that held (the President: engage; State: concede; DoD: stand down;
 * the Senate: pro-deal; the Leader: accept; the IRGC: restrain; the government: concede; the
 * Majlis: support). Its position lies between its side's hard and accommodating profiles:
 *
 *   p_f = hard_side + w_f (soft_side − hard_side)
 *
 * and the side's position is the capability × salience weighted mean of its factions' (issues.ts).
 * Saliences move with the world: the US weighs enrichment limits more the closer Iran is to a
 * bomb it is believed to want (salience.usEnrichment + salience.latencyEnrichment × latency ×
 * weaponBelief), Iran weighs relief more the more sanctions bite (salience.irRelief +
 * salience.stressRelief × stress). Under a modular agenda the regional file is not at the table
 * (salience 0; it moves on its own multilateral track).
 *
 * Veto players. The US: the side's principal (its aggregated position) and the President. Iran:
 * its principal and the Supreme Leader. A grand bargain adds the IRGC (whose regional role is at
 * stake), Israel's security cabinet and the Gulf states (whose acquiescence a regional settlement
 * needs): more veto players, and more value (relief for restraint).
 *
 * Expected durability D(x) of terms x: for Iran's players, the expected share of its horizon that
 * relief of x's form survives, times the share the US negotiator can deliver (½ + ½ unifiedBelief):
 *
 *   survival(c) = (1 − c^n) / (n (1 − c)),  n = table.horizonYears / presidential cycle
 *
 * with c the believed chance that the form survives one change of administration: commitBelief
 * (an executive waiver), 1 − the believed freeze rate of the locked channel (escrow, when the
 * channel exists; otherwise as an executive waiver), the treaty prior (a treaty). The US discounts
 * any deal by its belief that Iran cheats: D = 1 − weaponBelief.
 *
 * Costs beyond the terms: the Leader and the government bear the switching cost of leaving the
 * resistance economy per unit of relief taken (sunkCost.switchingCost × adaptation), and the
 * anticipated dissent of conceding under pressure per unit of concession on enrichment and access
 * (costFunction.dissentThreat × costFunction.humiliationDrive × costFunction.humiliation ×
 * sanctions). The IRGC loses rents from relief (irgc.rentLoss × adaptation) but gains from it
 * through its companies (irgc.reliefGain). Outside options that a deal ends (issues.ts): the IRGC's
 * legitimacy from external threat (irgc.threatLegitimacy × tension) and Israel's preventive strike
 * (its value when positive, strike.ts): a grand bargain needs them to gain more than that.
 */
import { aggregate, D, DIM, positionAt, type Player } from './issues.js';
import { ELECTION_LAW, type Params } from './params.js';
import { A, P } from './populations.js';
import { strikeValue } from './strike.js';
import { S } from './state.js';

export interface Bargain {
  us: { principal: Player; vetoes: Player[]; position: Float64Array; salience: Float64Array; flexibility: number };
  ir: { principal: Player; vetoes: Player[]; position: Float64Array; salience: Float64Array; flexibility: number };
  /** the faction players by name (for the rewards) */
  president: Player;
  leader: Player;
  irgc: Player;
}

const HALF = 0.5;
const vec = () => new Float64Array(D);
const player = (): Player & { ideal: Float64Array; sal: Float64Array; quo: Float64Array; durability: [number, number, number]; reliefCost: number; concessionCost: number; outside: number } =>
  ({ ideal: vec(), sal: vec(), quo: vec(), durability: [1, 1, 1], reliefCost: 0, concessionCost: 0, outside: 0 });

/** The side profiles of the parameter table, as vectors. */
export function profiles(p: Params) {
  const q = p.positions;
  return {
    usHard: Float64Array.from([q.usHardEnrichment, q.usHardAccess, q.usHardRelief, q.usHardDurability, q.usHardRegional]),
    usSoft: Float64Array.from([q.usSoftEnrichment, q.usSoftAccess, q.usSoftRelief, q.usSoftDurability, q.usSoftRegional]),
    irHard: Float64Array.from([q.irHardEnrichment, q.irHardAccess, q.irHardRelief, q.irHardDurability, q.irHardRegional]),
    irSoft: Float64Array.from([q.irSoftEnrichment, q.irSoftAccess, q.irSoftRelief, q.irSoftDurability, q.irSoftRegional]),
  };
}

/** Average survival over n changes of administration with survival chance c each. */
export function survival(c: number, n: number): number {
  if (n <= 0 || c >= 1) return 1;
  return (1 - Math.pow(c, n)) / (n * (1 - c));
}

/** What the players read of the model: the state as it stands and the last tick's shares. */
export interface View { readonly cur: Float64Array; share(pop: number, a: number): number }

/** The flexibility of a faction: its accommodating share plus half its holding share. */
const flex = (m: View, pop: number, soft: number, hold: number) => m.share(pop, soft) + HALF * m.share(pop, hold);

export class Players {
  readonly b: Bargain;
  private readonly prof: ReturnType<typeof profiles>;
  private readonly f = { president: player(), state: player(), dod: player(), congress: player(), leader: player(), irgc: player(), government: player(), majlis: player(), israel: player(), gulf: player() };
  private readonly usP = player();
  private readonly irP = player();

  constructor(private readonly p: Params) {
    this.prof = profiles(p);
    this.b = {
      us: { principal: this.usP, vetoes: [this.usP, this.f.president], position: vec(), salience: vec(), flexibility: 0 },
      ir: { principal: this.irP, vetoes: [this.irP, this.f.leader], position: vec(), salience: vec(), flexibility: 0 },
      president: this.f.president, leader: this.f.leader, irgc: this.f.irgc,
    };
  }

  /** Rebuilds positions, saliences, status quo, durabilities, costs and veto sets from the state and last tallies. */
  update(m: View): Bargain {
    const p = this.p, s = m.cur, f = this.f, { usHard, usSoft, irHard, irSoft } = this.prof;
    const grand = p.interventions.agenda === 'grand';
    // flexibilities
    const w = {
      president: flex(m, P['us.president'], A['us.president'].engage, A['us.president'].hold),
      state: flex(m, P['us.state'], A['us.state'].concede, A['us.state'].hold),
      dod: flex(m, P['us.dod'], A['us.dod']['stand-down'], A['us.dod'].hold),
      congress: flex(m, P['us.senate'], A['us.senate']['pro-deal'], A['us.senate'].abstain),
      leader: flex(m, P['iran.leader'], A['iran.leader'].accept, A['iran.leader'].hold),
      irgc: flex(m, P['iran.irgc'], A['iran.irgc'].restrain, A['iran.irgc'].hold),
      government: flex(m, P['iran.government'], A['iran.government'].concede, A['iran.government'].hold),
      majlis: flex(m, P['iran.majlis'], A['iran.majlis'].support, A['iran.majlis'].abstain),
      israel: m.share(P['israel.cabinet'], A['israel.cabinet'].restrain),
      gulf: m.share(P['gulf'], A['gulf'].mediate),
    };
    for (const k of ['president', 'state', 'dod', 'congress'] as const) positionAt(usHard, usSoft, w[k], f[k].ideal);
    for (const k of ['leader', 'irgc', 'government', 'majlis'] as const) positionAt(irHard, irSoft, w[k], f[k].ideal);
    positionAt(usHard, usSoft, w.israel, f.israel.ideal);
    lerpPair(usSoft, irSoft, f.gulf.ideal);
    f.gulf.ideal[DIM.regional] = usHard[DIM.regional]! - (usHard[DIM.regional]! - usSoft[DIM.regional]!) * w.gulf;

    // saliences
    const sl = p.salience;
    const usSal = [sl.usEnrichment + sl.latencyEnrichment * s[S.latency]! * s[S.weaponBelief]!, sl.usAccess, sl.usRelief, sl.usDurability, sl.usRegional];
    const irSal = [sl.irEnrichment, sl.irAccess, sl.irRelief + sl.stressRelief * s[S.stress]!, sl.irDurability, sl.irRegional];
    if (!grand) usSal[DIM.regional] = irSal[DIM.regional] = 0;
    for (const k of ['president', 'state', 'dod', 'congress', 'israel', 'gulf'] as const) f[k].sal.set(usSal);
    for (const k of ['leader', 'government', 'majlis', 'irgc'] as const) f[k].sal.set(irSal);
    if (grand) f.irgc.sal[DIM.regional] = irSal[DIM.regional]! * p.capability.irgcRegional;

    // the sides: capability × salience weighted positions
    const c = p.capability;
    aggregate([f.president.ideal, f.state.ideal, f.dod.ideal, f.congress.ideal], [f.president.sal, f.state.sal, f.dod.sal, f.congress.sal], [c.president, c.state, c.dod, c.congress], this.usP.ideal, this.usP.sal);
    aggregate([f.leader.ideal, f.irgc.ideal, f.government.ideal, f.majlis.ideal], [f.leader.sal, f.irgc.sal, f.government.sal, f.majlis.sal], [c.leader, c.irgc, c.government, c.majlis], this.irP.ideal, this.irP.sal);
    this.b.us.position.set(this.usP.ideal); this.b.us.salience.set(this.usP.sal);
    this.b.ir.position.set(this.irP.ideal); this.b.ir.salience.set(this.irP.sal);
    this.b.us.flexibility = w.state;
    this.b.ir.flexibility = w.government;

    // the status quo: no limits, today's access, the relief no one can take back (ladder steps), the regional track
    const quo = vec();
    quo[DIM.access] = s[S.access]!;
    quo[DIM.relief] = p.interventions.ladder ? s[S.usLadder]! * p.interventions.ladderRelief : 0;
    quo[DIM.regional] = s[S.regionalTrack]!;
    for (const pl of [...Object.values(f), this.usP, this.irP]) pl.quo.set(quo);

    // durability expected of each form
    const n = p.table.horizonYears / ELECTION_LAW.presidentialCycle;
    const deliver = HALF + HALF * s[S.unifiedBelief]!;
    const exec = survival(s[S.commitBelief]!, n);
    const freeze = s[S.freezeSeen]! / (s[S.freezeSeen]! + p.credibility.escrowPriorKeep);
    const escrow = p.interventions.escrow ? survival(1 - freeze, n) : exec;
    const treaty = survival(p.credibility.treatyPriorKeep / (p.credibility.treatyPriorKeep + 1), n);
    const irDur: [number, number, number] = [exec * deliver, escrow * deliver, treaty * deliver];
    const usDur = 1 - s[S.weaponBelief]!;
    for (const k of ['leader', 'government', 'majlis', 'irgc'] as const) f[k].durability = irDur;
    this.irP.durability = irDur;
    for (const k of ['president', 'state', 'dod', 'congress', 'israel', 'gulf'] as const) f[k].durability = [usDur, usDur, usDur];
    this.usP.durability = [usDur, usDur, usDur];

    // costs beyond the terms
    const cf = p.costFunction, ad = s[S.adaptation]!;
    const switching = p.sunkCost.switchingCost * ad;
    const dissent = cf.dissentThreat * cf.humiliationDrive * cf.humiliation * s[S.sanctions]!;
    for (const pl of [f.leader, f.government, f.majlis, this.irP]) { pl.reliefCost = switching; pl.concessionCost = dissent; }
    f.irgc.reliefCost = p.irgc.rentLoss * ad - p.irgc.reliefGain;
    f.irgc.concessionCost = dissent;
    // outside options a deal ends: the IRGC's legitimacy from external threat, Israel's preventive strike
    f.irgc.outside = p.irgc.threatLegitimacy * s[S.tension]!;
    f.israel.outside = Math.max(0, strikeValue(s, p));

    this.b.us.vetoes = grand ? [this.usP, f.president, f.israel, f.gulf] : [this.usP, f.president];
    this.b.ir.vetoes = grand ? [this.irP, f.leader, f.irgc] : [this.irP, f.leader];
    return this.b;
  }
}

/** out = the midpoint of a and b */
function lerpPair(a: ArrayLike<number>, b: ArrayLike<number>, out: Float64Array): void {
  for (let d = 0; d < D; d++) out[d] = HALF * (a[d]! + b[d]!);
}
