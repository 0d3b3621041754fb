/** The reference kernel and the project's copy of it as peers: one Float32Array, the module's own `simulate`. */
import type { KernelModule } from '../reference.js';
import type { Peer } from './peer.js';

export function kernelPeer(kernel: KernelModule): Peer {
  let p = new Float32Array(0), N = 0;
  return {
    setup(n) { N = n; p = new Float32Array(n * kernel.K); },
    reset() { p.fill(1); },
    run(T, seed) { return kernel.simulate(p, N, T, seed); },
    checksum() { return kernel.checksum(p); },
  };
}
