"""The reference's simple model, vectorised with numpy: one peer of `npm run bench -- --peers`.

    /usr/bin/python3 benchmarks/peers/numpy_peer.py N T REPS BUDGET_SECONDS

prints one JSON line with the fields of PeerResult (benchmarks/peers/peer.ts).

Same computation as shared/reference-kernel/model.mjs, bit for bit:
- the counter RNG in uint32 arithmetic: numpy's uint32 multiply wraps modulo 2^32 as Math.imul
  does, `>>` on uint32 is JavaScript's `>>>`, and the uniforms are uint32 * 2^-32 in float64;
- propensities are a float32 (4, N) array (a row per action, the layout numpy is fast on); every arithmetic step is done in float64 and rounded to
  float32 on store, as JavaScript does with a Float32Array (decay first, stored, then the chosen
  action's reward added to the stored value and stored again);
- the checksum is the float64 sum in index order, added one by one (np.cumsum accumulates
  sequentially; np.sum would sum pairwise and differ in the last bits).
"""
import json
import resource
import statistics
import sys
import time

import numpy as np

K, S, PHI, NOISE, SEED = 4, 4, 0.01, 0.1, 0x2545F491
DECAY, TWO_M32 = 1 - PHI, 2.3283064365386963e-10
PAYOFF = np.array([1.0 if a == (g + 1) % K else 0.1 if a == g else 0.4 for a in range(K) for g in range(S)])
M1, M2 = np.uint32(0x85EBCA6B), np.uint32(0xC2B2AE35)


def fmix(h):
    """murmur3 fmix32, in place on a uint32 array."""
    h ^= h >> np.uint32(16)
    h *= M1
    h ^= h >> np.uint32(13)
    h *= M2
    h ^= h >> np.uint32(16)
    return h


def step(p, idx, seed, t, g):
    """One tick for all agents (p is K x N, one contiguous row per action); returns the action counts."""
    tk = np.uint32((seed ^ (t * 0x85EBCA77)) & 0xFFFFFFFF)
    h = idx * np.uint32(0x9E3779B1)
    h ^= tk
    fmix(h)
    h += np.uint32(0x6D2B79F5)
    fmix(h)
    u1 = h * TWO_M32
    h ^= np.uint32(0x27D4EB2F)
    u2 = fmix(h) * TWO_M32
    q = p.astype(np.float64)
    q1 = q[0] + q[1]
    q2 = q1 + q[2]
    x = u1 * (q2 + q[3])
    a = (x >= q[0]).astype(np.intp)
    a += x >= q1
    a += x >= q2
    r = PAYOFF[a * S + g] + NOISE * (u2 - 0.5)
    q *= DECAY
    p[:] = q  # every propensity decayed, rounded to float32
    p[a, idx] = p[a, idx].astype(np.float64) + (np.where(r > 0, r, 0.0) + 1e-3)  # the chosen one learns
    return np.bincount(a, minlength=K)


def simulate(p, idx, T, seed):
    g = 0
    for t in range(T):
        g = int(np.argmax(step(p, idx, seed, t, g)))  # lowest index wins ties, as the reference
    return g


def checksum(p):
    """Agent by agent, action by action (p.T), as the reference's Float32Array is laid out."""
    return float(np.cumsum(p.T.astype(np.float64).ravel())[-1])


def max_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def main():
    n, t, reps, budget = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    before = max_rss_bytes()
    p = np.empty((K, n), dtype=np.float32)  # one row per action: contiguous columns for numpy
    idx = np.arange(n, dtype=np.uint32)
    seconds, first = [], None
    for r in range(-1, reps):
        p.fill(1)
        t0 = time.perf_counter()
        g = simulate(p, idx, t, SEED)
        dt = time.perf_counter() - t0
        res = (checksum(p), g)
        if r < 0:
            first = res
            continue
        if res != first:
            raise SystemExit(f"numpy: run {r} gave {res}, the warm-up gave {first}")
        seconds.append(dt)
        if sum(seconds) >= budget:
            break
    print(json.dumps({
        "peer": "numpy", "agents": n, "ticks": t, "seconds": seconds, "stepsPerSec": n * t / statistics.median(seconds),
        "sum": first[0], "g": first[1], "maxRssBytes": max_rss_bytes(), "maxRssBeforeSetupBytes": before,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
