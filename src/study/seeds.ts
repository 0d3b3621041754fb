/**
 * Run seeds. Every run of a study gets its seed from a fixed hash of what identifies it:
 *
 *   seed = first 53 bits (big-endian) of
 *          SHA-256( "fractable/run-seed/v1\n" + master + "\n" + scenario + "\n" + designPoint + "\n" + replicate )
 *
 * where `master` is the study's `seed` written in decimal, `scenario` the resolved scenario
 * name, `designPoint` the row of the design (0 without a design) and `replicate` the
 * replicate index (0-based), all as UTF-8 text. The seed is thus a pure function of the run's
 * identity: it never depends on run order, worker count, resume or shards, and distinct runs
 * get unrelated seeds (no seed is reused across replicates or scenarios).
 */
import { createHash } from 'node:crypto';

export const RUN_SEED_PREFIX = 'fractable/run-seed/v1';

export function runSeed(master: number, scenario: string, designPoint: number, replicate: number): number {
  const h = createHash('sha256').update(`${RUN_SEED_PREFIX}\n${master}\n${scenario}\n${designPoint}\n${replicate}`, 'utf8').digest();
  return Number(h.readBigUInt64BE(0) >> 11n); // the first 53 bits of the digest
}
