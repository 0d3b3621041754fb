/**
 * One peer in a process of its own (its peak RSS is then its own):
 *   node dist/benchmarks/peers/child.js PEER N T REPS BUDGET_SECONDS
 * prints one PeerResult JSON line. PEER is a key of PEERS.
 */
import { inputError } from '../../src/errors.js';
import * as copy from '../baseline-kernel.js';
import { loadReference } from '../reference.js';
import { floccPeer } from './flocc.js';
import { fractablePeer } from './fractable.js';
import { kernelPeer } from './kernel.js';
import { measurePeer, type Peer } from './peer.js';

/** The peers written in JavaScript; `fractable` is fractable's engine on the `reference` model, through the model seam. */
export const PEERS: Record<string, () => Promise<Peer>> = {
  reference: async () => {
    const ref = await loadReference();
    if (!ref.found) throw new Error(`reference: ${ref.reason}`);
    return kernelPeer(ref.kernel);
  },
  copy: async () => kernelPeer(copy),
  flocc: async () => floccPeer(),
  fractable: async () => fractablePeer(),
};

const [name, n, t, reps, budget] = process.argv.slice(2);
const make = PEERS[name];
if (!make) {
  process.stderr.write(`${inputError(undefined, 'peer', `one of ${Object.keys(PEERS).join(', ')}`, name).message}\n`);
  process.exit(2);
}
const result = await measurePeer(name, await make(), Number(n), Number(t), copy.SEED, Number(reps), Number(budget));
process.stdout.write(`${JSON.stringify(result)}\n`);
