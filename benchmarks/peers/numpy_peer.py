"""The reference's simple model, vectorised with numpy: one peer of `npm run bench -- --peers`.

    /usr/bin/python3 benchmarks/peers/numpy_peer.py N T REPS BUDGET_SECONDS

prints one JSON line with the fields of PeerResult (benchmarks/peers/peer.ts).

Same computation as shared/reference-kernel/model.mjs, bit for bit:
- the counter RNG in uint32 arithmetic: numpy's uint32 multiply wraps modulo 2^32 as Math.imul
  does, `>>` on uint32 is JavaScript's `>>>`, and the uniforms are uint32 * 2^-32 in float64;
- propensities are a float32 (4, N) array (a row per action, the layout numpy is fast on); every arithmetic step is done in float64 and rounded to
  float32 on store, as JavaScript does with a Float32Array (decay first, stored, then the chosen
  action's reward added to the stored value and stored again);
- every temporary is allocated once, outside the timed runs (`Work`), as the reference allocates its
  propensities once;
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


def fmix(h, s):
    """murmur3 fmix32, in place on the uint32 array h; s is scratch of the same shape."""
    np.right_shift(h, np.uint32(16), out=s)
    h ^= s
    h *= M1
    np.right_shift(h, np.uint32(13), out=s)
    h ^= s
    h *= M2
    np.right_shift(h, np.uint32(16), out=s)
    h ^= s


class Work:
    """Every temporary of a tick, allocated once (numpy's `out=`): allocating them anew each tick
    costs a page fault per 4 KiB, as glibc hands the freed memory back to the kernel (measured on
    the 2-core development machine: 240 faults and 19 ms per tick at 10^4 agents, against 1 ms)."""

    def __init__(self, n):
        self.n = n
        self.idx = np.arange(n, dtype=np.uint32)
        self.base = np.arange(n, dtype=np.intp)
        self.h, self.h2, self.s = (np.empty(n, np.uint32) for _ in range(3))
        self.u1, self.u2, self.q1, self.q2, self.x, self.r, self.cd = (np.empty(n) for _ in range(7))
        self.q = np.empty((K, n))
        self.a, self.fi = np.empty(n, np.intp), np.empty(n, np.intp)
        self.b = np.empty(n, np.bool_)
        self.c = np.empty(n, np.float32)


def step(p, w, seed, t, g):
    """One tick for all agents (p is K x N, one contiguous row per action); returns the action counts."""
    h, s, h2, u1, u2, q, q1, q2, x = w.h, w.s, w.h2, w.u1, w.u2, w.q, w.q1, w.q2, w.x
    a, b, r, fi, c, cd = w.a, w.b, w.r, w.fi, w.c, w.cd
    # draw 1: two rounds of fmix keyed by (seed, agent, tick); draw 2: one more round
    tk = np.uint32((seed ^ (t * 0x85EBCA77)) & 0xFFFFFFFF)
    np.multiply(w.idx, np.uint32(0x9E3779B1), out=h)
    h ^= tk
    fmix(h, s)
    h += np.uint32(0x6D2B79F5)
    fmix(h, s)
    np.multiply(h, TWO_M32, out=u1)
    np.bitwise_xor(h, np.uint32(0x27D4EB2F), out=h2)
    fmix(h2, s)
    np.multiply(h2, TWO_M32, out=u2)
    # roulette in float64 on the float32 propensities
    np.copyto(q, p)
    np.add(q[0], q[1], out=q1)
    np.add(q1, q[2], out=q2)
    np.add(q2, q[3], out=x)
    x *= u1
    np.greater_equal(x, q[0], out=b)
    np.copyto(a, b)
    np.greater_equal(x, q1, out=b)
    a += b
    np.greater_equal(x, q2, out=b)
    a += b
    # r = payoff[a*S + g] + NOISE * (u2 - 0.5)
    np.multiply(a, S, out=fi)
    fi += g
    np.take(PAYOFF, fi, out=r, mode="clip")
    np.subtract(u2, 0.5, out=cd)
    cd *= NOISE
    r += cd
    # every propensity decays and is stored (rounded to float32) ...
    q *= DECAY
    np.copyto(p, q, casting="same_kind")
    # ... then the chosen one gets (r > 0 ? r : 0) + 1e-3 added to its stored value
    np.multiply(a, w.n, out=fi)
    fi += w.base
    flat = p.reshape(-1)
    np.take(flat, fi, out=c, mode="clip")
    np.copyto(cd, c)
    np.maximum(r, 0.0, out=r)  # r == -0.0 may stay -0.0: the same once 1e-3 is added
    r += 1e-3
    cd += r
    np.copyto(c, cd, casting="same_kind")
    np.put(flat, fi, c)
    return np.bincount(a, minlength=K)


def simulate(p, w, T, seed):
    g = 0
    for t in range(T):
        g = int(np.argmax(step(p, w, seed, t, g)))  # lowest index wins ties, as the reference
    return g


def checksum(p):
    """Agent by agent, action by action (p.T), as the reference's Float32Array is laid out."""
    return float(np.cumsum(p.T.astype(np.float64).ravel())[-1])


def peak_rss_bytes():
    """VmHWM of /proc/self/status where there is one (getrusage's ru_maxrss survives fork and exec
    on Linux, so it would report the spawning bench's peak), else ru_maxrss."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def main():
    n, t, reps, budget = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    before = peak_rss_bytes()
    p = np.empty((K, n), dtype=np.float32)  # one row per action: contiguous columns for numpy
    w = Work(n)
    seconds, cpu_seconds, first = [], [], None
    for r in range(-1, reps):
        p.fill(1)
        t0, c0 = time.perf_counter(), time.process_time()
        g = simulate(p, w, t, SEED)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        res = (checksum(p), g)
        if r < 0:
            first = res
            continue
        if res != first:
            raise SystemExit(f"numpy: run {r} gave {res}, the warm-up gave {first}")
        seconds.append(dt)
        cpu_seconds.append(cpu)
        if sum(seconds) >= budget:
            break
    print(json.dumps({
        "peer": "numpy", "agents": n, "ticks": t, "seconds": seconds, "cpuSeconds": cpu_seconds, "stepsPerSec": n * t / statistics.median(seconds),
        "sum": first[0], "g": first[1], "peakRssBytes": peak_rss_bytes(), "peakRssBeforeSetupBytes": before,
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
