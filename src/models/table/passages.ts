/**
 * The passages of the seed analysis (shared/seed/000_2ed5fc55a684157c.txt) that the model
 * encodes, quoted verbatim. Each mechanism and parameter points to one of them by key; the
 * ODD document prints them next to the equations.
 */
export const PASSAGES = {
  credibility: 'an administration can offer sanctions relief via executive order, but it cannot guarantee that a subsequent administration will not reverse those orders',
  snapback: 'For Tehran, the value of any deal is discounted by the probability of a "policy pivot" in the next US election cycle.',
  treaty: 'The inability of the US Executive Branch to secure a formal treaty—which requires a two-thirds Senate majority—means any agreement is legally fragile.',
  sunkCost: 'Abandoning these shadow networks for transparent, regulated trade carries an institutional switching cost that requires more than "temporary" sanctions relief to justify.',
  irgc: 'The Islamic Revolutionary Guard Corps (IRGC), derives its domestic legitimacy and budget from a state of perpetual external threat. A comprehensive "Grand Bargain" would theoretically diminish the IRGC\'s internal leverage.',
  proxies: 'regional allies like Hezbollah or the Houthis possess their own tactical autonomy. When Tehran negotiates, it must account for whether it can actually enforce the compliance of these proxies',
  signals: 'When one arm of the US government offers an olive branch while another increases a carrier strike group\'s presence in the Persian Gulf, it sends a contradictory signal that Tehran interprets as a lack of unified command.',
  latency: 'Iran views 60% enriched uranium as a "bargaining chip" rather than a final product. The closer they get to "breakout capacity," the more leverage they believe they hold at the table.',
  redLine: 'the "Red Line" is often defined by technical milestones (e.g., the number of IR-6 centrifuges or the stockpile of 90% enriched material). However, moving the red line too frequently erodes the credibility of the military threat.',
  monitoring: 'Iran treats inspections as a variable to be toggled based on the level of sanctions pressure, while the US views inspections as a non-negotiable prerequisite for any dialogue.',
  costFunction: 'if Tehran\'s internal stability is tied to its image of defiance, then C_concession includes the risk of regime-threatening internal dissent if they appear to "surrender" to the West. In this scenario, the cost of concession is actually higher than the cost of enduring sanctions.',
  adaptation: 'The Iranian economy has developed a high tolerance for specific types of economic pain, particularly through "Oil-for-Goods" swaps with non-Western powers.',
  buffer: 'Beijing\'s continued purchase of Iranian crude provides a baseline of hard currency that prevents the total collapse of the Iranian Rial, regardless of US Treasury actions. [...] This "Sanctioned Bloc" reduces the efficacy of unilateral US economic statecraft.',
  verification: 'To prove they are not building a bomb, Iran must expose their conventional vulnerabilities. If they expose their conventional vulnerabilities, they become more susceptible to a conventional strike. Therefore, they refuse inspections, which leads the US to believe they are building a bomb.',
  clarity: 'the United States must shift from a strategy of "maximum pressure" to one of "maximum clarity." This involves moving away from vague promises of future prosperity and toward a staged, irreversible de-escalation ladder.',
  escrow: 'a specific, monitored channel for humanitarian and industrial equipment that is immune to future executive-order reversals. This "Locked Escrow" model would provide Iran with the immediate economic proof-of-concept needed to justify further concessions to its hardline domestic factions.',
  modular: 'Attempting to solve for nuclear enrichment, ballistic missile development, and regional militias in a single "Grand Bargain" creates too many veto points for the deal to survive. A modular approach—solving for nuclear breakout time first, then addressing regional stability through a separate, multilateral Gulf security framework',
  fragmented: 'a fragmented bargaining table where the primary stakeholders are not just two nation-states, but competing domestic factions and regional proxies.',
  friction: 'This divergence exists because the cost of agreement for one party often exceeds the cost of continued low-level kinetic friction for the other.',
} as const;

export type PassageKey = keyof typeof PASSAGES;
