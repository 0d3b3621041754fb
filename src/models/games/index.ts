/**
 * `games`: population games, the small second model of the seam and the worked example of
 * docs/MODELS.md. Two mass populations of learning agents:
 *
 *   players   2 actions (cooperate, defect). Agent i's payoff for action a at tick t is
 *               arm[a] + Σ_b G[a][b] · m_i(b) / deg_i + noise
 *             where m_i(b) of its deg_i neighbours played b at t − 1 and G is the 2 × 2 game
 *             [[R, S], [T, P]] (a Prisoner's Dilemma at the defaults, Axelrod's 3, 0, 5, 1).
 *             Its neighbourhood is `complete` (everyone: mean-field) unless a scenario gives it a
 *             network. With G = 0 it is a two-armed bandit paying arm[0], arm[1].
 *   gamblers  4 arms (a0 … a3) paying fixed rewards: a four-armed bandit (with every arm paying 1
 *             and Roth–Erev without forgetting, each agent is a Pólya urn).
 *
 * Nothing is random in the world update, so the model declares no draw sites. The state records
 * the players' cooperation share and mean payoff, and each arm's share among the gamblers. The
 * outcome labels the players' last cooperation share: `cooperation` at or above
 * outcome.cooperative, `defection` at or below outcome.defective, `mixed` otherwise, at the last tick.
 */
import type { ModelDeclaration, ModelRuntime, OutcomeClassifier } from '../../engine/declaration.js';
import type { StateVarDecl } from '../../engine/declaration.js';
import { lastTickClassifier } from '../last-tick.js';
import { GAMES_PARAMS, SETTINGS, type GamesParams } from './params.js';

export { GAMES_PARAMS, type GamesParams } from './params.js';


const PLAYERS = 0, GAMBLERS = 1;
const C = 0, D = 1;
const STATE: StateVarDecl[] = [
  { name: 'cooperation', unit: 'share', doc: 'share of players who cooperated this tick' },
  { name: 'payoff', unit: 'payoff', doc: "players' mean game payoff this tick, mean-field: Σ_ab share(a) G[a][b] share(b) + arms" },
  { name: 'arm0', unit: 'share', doc: 'share of gamblers who pulled arm 0' },
  { name: 'arm1', unit: 'share', doc: 'share of gamblers who pulled arm 1' },
  { name: 'arm2', unit: 'share', doc: 'share of gamblers who pulled arm 2' },
  { name: 'arm3', unit: 'share', doc: 'share of gamblers who pulled arm 3' },
];
/** State slots, by name. */
const S = Object.fromEntries(STATE.map((v, i) => [v.name, i])) as Record<'cooperation' | 'payoff' | 'arm0', number>;

const classifier = (p: GamesParams): OutcomeClassifier => lastTickClassifier(S.cooperation, (x) => (x >= p.outcome.cooperative ? 'cooperation' : x <= p.outcome.defective ? 'defection' : 'mixed'));

export const games: ModelDeclaration = {
  name: 'games',
  title: 'Population games: bandits and 2 × 2 games on networks',
  description: 'A population playing a 2 × 2 game against its neighbours (a Prisoner\'s Dilemma by default), and a population of four-armed bandit players: the learning rules\' oracles through the model seam.',
  version: '1.0',
  params: GAMES_PARAMS,
  populations: [
    {
      name: 'players', label: 'Players', doc: 'play the game against their neighbours\' last moves',
      actions: ['cooperate', 'defect'], size: { weight: 1 },
      rule: SETTINGS.players, noise: 0,
      traits: [], network: { spec: { kind: 'complete' }, doc: 'whom a player plays: everyone (mean-field) unless a scenario gives a network' },
    },
    {
      name: 'gamblers', label: 'Gamblers', doc: 'pull one of four arms with fixed payoffs',
      actions: ['a0', 'a1', 'a2', 'a3'], size: { weight: 1 },
      rule: SETTINGS.gamblers, noise: 0, traits: [],
    },
  ],
  state: STATE,
  events: [],
  draws: [],
  outputs: {
    outcomes: [
      { name: 'cooperation', doc: 'the players\' final cooperation share is at or above outcome.cooperative' },
      { name: 'mixed', doc: 'neither' },
      { name: 'defection', doc: 'the players\' final cooperation share is at or below outcome.defective' },
    ],
    scalars: [
      { name: 'cooperation', type: 'DOUBLE', unit: 'share', doc: 'the players\' final cooperation share' },
      { name: 'mean_cooperation', type: 'DOUBLE', unit: 'share', doc: 'the players\' cooperation share averaged over all ticks' },
    ],
    series: ['cooperation', 'payoff', 'arm0'],
  },
  create(run): ModelRuntime {
    const p = run.params as GamesParams;
    const G = [[p.game.reward, p.game.sucker], [p.game.temptation, p.game.punishment]] as const;
    const arms = [p.bandit.a0, p.bandit.a1, p.bandit.a2, p.bandit.a3];
    let sum = 0, ticks = 0;
    return {
      initialState: () => new Float64Array(STATE.length),
      rewards(_s, _t, out) {
        out.reward(PLAYERS, C, p.bandit.cooperate);
        out.reward(PLAYERS, D, p.bandit.defect);
        for (const a of [C, D]) for (const b of [C, D]) out.local(PLAYERS, a, b, G[a]![b]!);
        arms.forEach((r, a) => out.reward(GAMBLERS, a, r));
      },
      update({ n, t }) {
        const c = t.share(PLAYERS, C), d = t.share(PLAYERS, D);
        n[S.cooperation] = c;
        n[S.payoff] = c * (p.bandit.cooperate + c * G[C][C] + d * G[C][D]) + d * (p.bandit.defect + c * G[D][C] + d * G[D][D]);
        for (let a = 0; a < arms.length; a++) n[S.arm0 + a] = t.share(GAMBLERS, a);
        sum += c; ticks++;
      },
      createClassifier: () => classifier(p),
      outputs: (final) => ({ cooperation: final[S.cooperation]!, mean_cooperation: ticks > 0 ? sum / ticks : 0 }),
    };
  },
};
