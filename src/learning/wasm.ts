/**
 * The WebAssembly kernels (hand-written in wasm/*.wat, compiled by scripts/wasm.mjs). They work
 * in place on a world whose columns live in one shared WebAssembly.Memory (the arena of
 * engine/world.ts): a kernel addresses the memory by byte offsets, so the world's columns and
 * networks must be in it. A world without an arena (too large for a 32-bit memory) runs the
 * JavaScript kernels, which give bit-identical results.
 *
 * Why WebAssembly for this kernel (docs/PERFORMANCE.md, "The network kernel"): the networked
 * agent reads 8 neighbour indices and 8 action bytes; V8 compiles that gather with two
 * bounds-checked typed-array loads per neighbour and spills the loop's many invariants, and no
 * rewrite of the JavaScript moved it above 0.26 × the reference kernel.
 */
import { NET3_WASM_BASE64 } from './wasm/net3.js';

/** Degrees below this read m/deg from the quotient table; larger ones divide. */
export const FRAC_DEGREES = 64;
/** Float64 entries of the quotient table: row d (0 ≤ d < FRAC_DEGREES) holds m/d for m = 0..d. */
export const FRAC_ENTRIES = (FRAC_DEGREES * (FRAC_DEGREES + 1)) / 2;

/** Fills the quotient table (row d at entry d (d + 1) / 2; row 0 is unused). */
export function fillFractions(frac: Float64Array): void {
  for (let d = 1; d < FRAC_DEGREES; d++) {
    const row = (d * (d + 1)) / 2;
    for (let m = 0; m <= d; m++) frac[row + m] = m / d;
  }
}

/** stepRothErev3Net of wasm/net3.wat: addresses are byte offsets into the memory. */
export type Net3Kernel = (q: number, prev: number, now: number, off: number, tg: number, R: number, L: number, tally: number, frac: number,
  lo: number, hi: number, key: number, agentOff: number, noise: number, decay: number, keep: number, spill: number) => void;

let net3Module: WebAssembly.Module | null = null;

/** The compiled module (once per thread). */
function net3(): WebAssembly.Module {
  return (net3Module ??= new WebAssembly.Module(Buffer.from(NET3_WASM_BASE64, 'base64')));
}

/** Byte addresses of a world's columns in its memory. */
export interface ArenaAddresses {
  state: number;
  act0: number;
  act1: number;
  rewards: number;
  tally: number;
  frac: number;
}

/**
 * A world's WebAssembly side: the addresses of its columns and networks in its memory, and the
 * kernels instantiated on that memory when a population first needs one.
 */
export class WasmWorld {
  private net3: Net3Kernel | null = null;

  /** per population: its network's CSR offsets and targets (byte addresses), or null */
  nets: Array<{ offsets: number; targets: number } | null> = [];

  constructor(readonly memory: WebAssembly.Memory, readonly at: ArenaAddresses) {}

  get stepRothErev3Net(): Net3Kernel {
    if (this.net3) return this.net3;
    const inst = new WebAssembly.Instance(net3(), { env: { memory: this.memory } });
    return (this.net3 = inst.exports['stepRothErev3Net'] as Net3Kernel);
  }
}
