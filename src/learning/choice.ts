/**
 * Choice rules shared by the learning kernels. Each is written to be inlined into a hot loop:
 * plain numbers and typed arrays in, a number out, no allocation.
 */

/**
 * 1 when c holds, else 0, without a branch: `(c) | 0` in the emitted JavaScript, which V8 compiles
 * to a flag-to-register move. (A ternary `c ? 1 : 0` becomes a branch, and random choices
 * mispredict it: about 1.7 times slower in the reference kernel.)
 */
export function bit(c: boolean): number {
  return (c as unknown as number) | 0;
}

/**
 * Proportional (roulette-wheel) choice over `w[b .. b+K)`, all weights >= 0 with a positive sum:
 * returns the action a with P(a) = w_a / sum(w). Branch-free in the comparison (the choice is
 * random, so branches would mispredict): a = #{k < K-1 : x >= w_0 + ... + w_k}.
 */
export function roulette(w: Float32Array, b: number, K: number, u: number): number {
  let tot = 0;
  for (let k = 0; k < K; k++) tot += w[b + k];
  const x = u * tot;
  let a = 0;
  let c = 0;
  for (let k = 0; k < K - 1; k++) {
    c += w[b + k];
    a += bit(x >= c);
  }
  return a;
}

/**
 * Logit (softmax) choice over attractions `A[b .. b+K)` with sensitivity lambda:
 * P(a) = exp(lambda A_a) / sum_k exp(lambda A_k). The maximum is subtracted first so that large
 * lambda cannot overflow; lambda = 0 is uniform, lambda -> infinity picks the argmax.
 */
export function logitChoice(A: Float32Array, b: number, K: number, lambda: number, u: number): number {
  let m = A[b]!;
  for (let k = 1; k < K; k++) if (A[b + k]! > m) m = A[b + k]!;
  let tot = 0;
  for (let k = 0; k < K; k++) { const e = Math.exp(lambda * (A[b + k]! - m)); EXPS[k] = e; tot += e; }
  const x = u * tot;
  let a = 0;
  let c = 0;
  for (let k = 0; k < K - 1; k++) {
    c += EXPS[k]!;
    a += bit(x >= c);
  }
  return a;
}

/** Scratch for the exponentials of one choice (each worker thread has its own module instance). */
const EXPS = new Float64Array(256);

/** Logit choice probabilities (for tests and reporting; allocates the result). */
export function logitProbabilities(attractions: ArrayLike<number>, lambda: number): number[] {
  let m = -Infinity;
  for (let k = 0; k < attractions.length; k++) m = Math.max(m, attractions[k]);
  const e = Array.from(attractions, (x) => Math.exp(lambda * (x - m)));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}
