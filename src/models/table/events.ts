/**
 * The event kinds of the table model (its event history is its primary output) and the sites
 * where nature draws at random (each with its reason: every choice of an actor is made by agents).
 */
import type { DrawDecl, EventDecl } from '../../engine/declaration.js';

export const EVENTS: readonly EventDecl[] = [
  { kind: 'offer', doc: 'a side opened talks or conceded: its proposal moved toward the other\'s' },
  { kind: 'talks-suspended', doc: 'talks lapsed: the President stopped engaging or the Leader rejected' },
  { kind: 'interim-signed', doc: 'an interim freeze was signed (limited relief for a freeze)' },
  { kind: 'deal-signed', doc: 'the comprehensive deal was signed (its form and terms in the detail)' },
  { kind: 'ratification-failed', doc: 'the Senate did not ratify a treaty, or Congress disapproved an executive agreement over a veto' },
  { kind: 'election', doc: 'a US federal election (the winner of a presidential one, the vote, the seats)' },
  { kind: 'inauguration', doc: 'a President took office (of which party; whether the party changed)' },
  { kind: 'relief-reversed', doc: 'relief in force was reversed (by which President, of which party)' },
  { kind: 'sanctions-imposed', doc: 'new sanctions: an executive round or a law' },
  { kind: 'enrichment-crossed', doc: 'enrichment reached the next level (5, 20, 60 or 90%)' },
  { kind: 'breach-detected', doc: 'inspectors found Iran breaching an agreement in force' },
  { kind: 'access-changed', doc: 'IAEA access crossed the safeguards or protocol level' },
  { kind: 'red-line-moved', doc: 'a crossed red line was not enforced and moved' },
  { kind: 'red-line-enforced', doc: 'a strike enforced a crossed red line' },
  { kind: 'strike', doc: 'a military strike (by Israel or the US; whether it succeeded)' },
  { kind: 'sabotage', doc: 'Israeli sabotage (whether it succeeded)' },
  { kind: 'proxy-attack', doc: 'a proxy began a campaign of attacks (its attack share rose past proxies.campaign; the campaign ends when the share falls below half of that, and the next one is a new event)' },
  { kind: 'protest-wave', doc: 'a protest wave began in Iran' },
  { kind: 'kinetic-episode-started', doc: 'tension reached kinetic.threshold: a kinetic episode' },
  { kind: 'ceasefire', doc: 'a kinetic episode ended' },
  { kind: 'breakout-decision', doc: 'the SNSC decided to dash to breakout' },
  { kind: 'breakout', doc: 'enrichment reached weapons grade' },
  { kind: 'escrow-opened', doc: 'the locked channel received its first funds' },
  { kind: 'escrow-frozen', doc: 'the President froze the locked channel' },
  { kind: 'ladder-step', doc: 'a side took its next step of the de-escalation ladder' },
];

export const DRAWS: readonly DrawDecl[] = [
  { name: 'detection', doc: 'whether inspectors find an ongoing breach this week (chance verification.detection · access)' },
  { name: 'strike-success', doc: 'whether a strike sets the programme back (chance from verification.ts)' },
  { name: 'sabotage-success', doc: 'whether sabotage sets the programme back (military.sabotageSuccess)' },
];
