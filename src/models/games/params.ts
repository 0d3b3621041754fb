/**
 * The parameter table of the `games` model and its populations' default settings: every number
 * of the model, with its range, unit and source (the model's code holds none but 0, 1 and ½).
 */
import { num, type ParamsOf } from '../../engine/params.js';
import type { RuleSpec } from '../../learning/rules.js';

/** The widest payoff a parameter may take (payoffs are relative: the range only keeps them finite). */
const PAYOFF = 100;

const AXELROD = 'Axelrod (1984), The Evolution of Cooperation: the tournament payoffs R = 3, S = 0, T = 5, P = 1';
const BANDIT = 'assumption: a neutral default (set per experiment)';

export const GAMES_PARAMS = {
  game: {
    reward: num(3, -PAYOFF, PAYOFF, 'payoff', 'R: cooperate against cooperate', { source: AXELROD }),
    sucker: num(0, -PAYOFF, PAYOFF, 'payoff', 'S: cooperate against defect', { source: AXELROD }),
    temptation: num(5, -PAYOFF, PAYOFF, 'payoff', 'T: defect against cooperate', { source: AXELROD }),
    punishment: num(1, -PAYOFF, PAYOFF, 'payoff', 'P: defect against defect', { source: AXELROD }),
  },
  bandit: {
    cooperate: num(0, -PAYOFF, PAYOFF, 'payoff', "players' fixed payoff for cooperating (added to the game's)", { source: BANDIT }),
    defect: num(0, -PAYOFF, PAYOFF, 'payoff', "players' fixed payoff for defecting (added to the game's)", { source: BANDIT }),
    a0: num(1, -PAYOFF, PAYOFF, 'payoff', "gamblers' payoff of arm 0", { source: 'assumption: equal arms (the Pólya urn)' }),
    a1: num(1, -PAYOFF, PAYOFF, 'payoff', "gamblers' payoff of arm 1", { source: 'assumption: equal arms (the Pólya urn)' }),
    a2: num(1, -PAYOFF, PAYOFF, 'payoff', "gamblers' payoff of arm 2", { source: 'assumption: equal arms (the Pólya urn)' }),
    a3: num(1, -PAYOFF, PAYOFF, 'payoff', "gamblers' payoff of arm 3", { source: 'assumption: equal arms (the Pólya urn)' }),
  },
  outcome: {
    cooperative: num(2 / 3, 0, 1, 'share', 'cooperation share at or above which a run is labelled cooperation', { source: 'assumption: a two-thirds majority' }),
    defective: num(1 / 3, 0, 1, 'share', 'cooperation share at or below which a run is labelled defection', { source: 'assumption: a two-thirds majority' }),
  },
} as const;
export type GamesParams = ParamsOf<typeof GAMES_PARAMS>;

/** The populations' default rules (a scenario may replace them). */
export const SETTINGS = {
  /** players: Bush–Mosteller with a fixed aspiration between P and R (Macy & Flache 2002: aspiration 2 in Axelrod's PD) */
  players: { kind: 'bush-mosteller', learningRate: 0.1, habituation: 0, scale: 5, aspiration: { mean: 2, sd: 0 }, initial: 1 } as RuleSpec,
  /** gamblers: Roth–Erev without forgetting or experimentation (with equal arms, each agent is a Pólya urn) */
  gamblers: { kind: 'roth-erev', phi: 0, epsilon: 0, initial: 1 } as RuleSpec,
};
