;; The networked Roth–Erev kernel for K = 3 (learning/roth-erev.ts, stepRothErev3Net) in
;; WebAssembly, working in place on the world's columns in its shared WebAssembly.Memory (the
;; arena of engine/world.ts). Compiled by scripts/wasm.mjs into net3.ts (the bytes, base64);
;; test/learning/wasm.test.ts checks that net3.ts is this file's compilation and that the kernel
;; is bit-identical to the JavaScript kernel.
;;
;; Per agent i in [lo, hi) (g = agentOff + i its world index), exactly as the JavaScript kernel:
;;   h = agentHash(key, g), u1 = u01(h), u2 = u01(nextHash(h))        (random/rng.ts)
;;   a = roulette over the 3 float32 propensities q0, q1, q2 with u1
;;   r = R[a] + L[a][0] m0/deg + L[a][1] m1/deg + L[a][2] m2/deg      (m_b: neighbours whose last
;;       action was b; deg = 0 adds nothing) + noise (u2 − 1/2), clipped at 0
;;   q_k ← q_k decay + r spill (k ≠ a),  q_a ← q_a decay + r keep,   stored as float32
;;   now[i] = a, and the action counts added to the shard's tally.
;; m/deg is read from a table of every m/d for d < 64 (FRAC_DEGREES), filled by the same IEEE
;; division (m / d in double precision), so it is the quotient the JavaScript kernel computes;
;; rows of 64 or more neighbours divide.
;;
;; Addresses are byte offsets into the memory: q the population's first propensity; prev the
;; source population's first byte in last tick's action column; now the population's first byte
;; in this tick's; off and tg the network's CSR offsets (n + 1, int32) and targets (int32, local
;; indices into the source population); R the population's 3 reward terms and L its 3 × 3 local
;; coefficients (float64); tally its 3 action counts (int32) in the shard's tally block; frac the
;; quotient table.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; MurmurHash3's 32-bit finaliser (fmix32)
  (func $fmix (param $h i32) (result i32)
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

  (func (export "stepRothErev3Net")
        (param $q i32) (param $prev i32) (param $now i32) (param $off i32) (param $tg i32)
        (param $R i32) (param $L i32) (param $tally i32) (param $frac i32)
        (param $lo i32) (param $hi i32) (param $key i32) (param $agentOff i32)
        (param $noise f64) (param $decay f64) (param $keep f64) (param $spill f64)
    (local $i i32) (local $h i32) (local $u1 f64) (local $u2 f64) (local $b i32)
    (local $q0 f64) (local $q1 f64) (local $q2 f64) (local $x f64) (local $a i32) (local $r f64)
    (local $j i32) (local $je i32) (local $deg i32) (local $m1 i32) (local $m2 i32) (local $s i32)
    (local $p i32) (local $pe i32) (local $row i32) (local $fb i32) (local $fd f64) (local $sp f64)
    (local $qa f64) (local $t1 i32) (local $t2 i32)
    (local.set $i (local.get $lo))
    (local.set $j (i32.load (i32.add (local.get $off) (i32.shl (local.get $lo) (i32.const 2)))))
    (if (i32.lt_u (local.get $lo) (local.get $hi)) (then (loop $agents
      ;; the two draws: agentHash(key, g) and nextHash of it, as u01
      (local.set $h (call $fmix (i32.add
        (call $fmix (i32.xor (local.get $key) (i32.mul (i32.add (local.get $agentOff) (local.get $i)) (i32.const 0x9e3779b1))))
        (i32.const 0x6d2b79f5))))
      (local.set $u1 (f64.mul (f64.convert_i32_u (local.get $h)) (f64.const 0x1p-32)))
      (local.set $u2 (f64.mul (f64.convert_i32_u (call $fmix (i32.xor (local.get $h) (i32.const 0x27d4eb2f)))) (f64.const 0x1p-32)))
      ;; the choice: a = [x >= q0] + [x >= q0 + q1], x = u1 (q0 + q1 + q2)
      (local.set $b (i32.add (local.get $q) (i32.mul (local.get $i) (i32.const 12))))
      (local.set $q0 (f64.promote_f32 (f32.load (local.get $b))))
      (local.set $q1 (f64.promote_f32 (f32.load offset=4 (local.get $b))))
      (local.set $q2 (f64.promote_f32 (f32.load offset=8 (local.get $b))))
      (local.set $x (f64.mul (local.get $u1) (f64.add (f64.add (local.get $q0) (local.get $q1)) (local.get $q2))))
      (local.set $a (i32.add (f64.ge (local.get $x) (local.get $q0)) (f64.ge (local.get $x) (f64.add (local.get $q0) (local.get $q1)))))
      (local.set $r (f64.load (i32.add (local.get $R) (i32.shl (local.get $a) (i32.const 3)))))
      ;; the local term: the neighbours' last actions (0, 1 or 2): m1 + 2 m2 = Σ s, m2 = Σ (s >> 1)
      (local.set $je (i32.load (i32.add (local.get $off) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
      (local.set $deg (i32.sub (local.get $je) (local.get $j)))
      (if (local.get $deg) (then
        (local.set $m1 (i32.const 0))
        (local.set $m2 (i32.const 0))
        (local.set $p (i32.add (local.get $tg) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $pe (i32.add (local.get $tg) (i32.shl (local.get $je) (i32.const 2))))
        (loop $nb
          (local.set $s (i32.load8_u (i32.add (local.get $prev) (i32.load (local.get $p)))))
          (local.set $m1 (i32.add (local.get $m1) (local.get $s)))
          (local.set $m2 (i32.add (local.get $m2) (i32.shr_u (local.get $s) (i32.const 1))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br_if $nb (i32.lt_u (local.get $p) (local.get $pe))))
        (local.set $m1 (i32.sub (local.get $m1) (i32.shl (local.get $m2) (i32.const 1))))
        (local.set $row (i32.add (local.get $L) (i32.mul (local.get $a) (i32.const 24))))
        (if (i32.lt_u (local.get $deg) (i32.const 64))
          (then
            ;; row d of the quotient table starts at entry d (d + 1) / 2
            (local.set $fb (i32.add (local.get $frac)
              (i32.shl (i32.shr_u (i32.mul (local.get $deg) (i32.add (local.get $deg) (i32.const 1))) (i32.const 1)) (i32.const 3))))
            (local.set $r (f64.add (local.get $r) (f64.mul (f64.load (local.get $row))
              (f64.load (i32.add (local.get $fb) (i32.shl (i32.sub (i32.sub (local.get $deg) (local.get $m1)) (local.get $m2)) (i32.const 3)))))))
            (local.set $r (f64.add (local.get $r) (f64.mul (f64.load offset=8 (local.get $row))
              (f64.load (i32.add (local.get $fb) (i32.shl (local.get $m1) (i32.const 3)))))))
            (local.set $r (f64.add (local.get $r) (f64.mul (f64.load offset=16 (local.get $row))
              (f64.load (i32.add (local.get $fb) (i32.shl (local.get $m2) (i32.const 3))))))))
          (else
            (local.set $fd (f64.convert_i32_s (local.get $deg)))
            (local.set $r (f64.add (local.get $r) (f64.mul (f64.load (local.get $row))
              (f64.div (f64.convert_i32_s (i32.sub (i32.sub (local.get $deg) (local.get $m1)) (local.get $m2))) (local.get $fd)))))
            (local.set $r (f64.add (local.get $r) (f64.mul (f64.load offset=8 (local.get $row))
              (f64.div (f64.convert_i32_s (local.get $m1)) (local.get $fd)))))
            (local.set $r (f64.add (local.get $r) (f64.mul (f64.load offset=16 (local.get $row))
              (f64.div (f64.convert_i32_s (local.get $m2)) (local.get $fd)))))))))
      (local.set $j (local.get $je))
      ;; noise, the clip at 0, the update (the chosen propensity re-read and overwritten, as in JavaScript)
      (local.set $r (f64.add (local.get $r) (f64.mul (local.get $noise) (f64.sub (local.get $u2) (f64.const 0.5)))))
      (local.set $r (select (f64.const 0) (local.get $r) (f64.lt (local.get $r) (f64.const 0))))
      (local.set $sp (f64.mul (local.get $r) (local.get $spill)))
      (local.set $qa (f64.promote_f32 (f32.load (i32.add (local.get $b) (i32.shl (local.get $a) (i32.const 2))))))
      (f32.store (local.get $b) (f32.demote_f64 (f64.add (f64.mul (local.get $q0) (local.get $decay)) (local.get $sp))))
      (f32.store offset=4 (local.get $b) (f32.demote_f64 (f64.add (f64.mul (local.get $q1) (local.get $decay)) (local.get $sp))))
      (f32.store offset=8 (local.get $b) (f32.demote_f64 (f64.add (f64.mul (local.get $q2) (local.get $decay)) (local.get $sp))))
      (f32.store (i32.add (local.get $b) (i32.shl (local.get $a) (i32.const 2)))
        (f32.demote_f64 (f64.add (f64.mul (local.get $qa) (local.get $decay)) (f64.mul (local.get $r) (local.get $keep)))))
      (i32.store8 (i32.add (local.get $now) (local.get $i)) (local.get $a))
      (local.set $t1 (i32.add (local.get $t1) (i32.eq (local.get $a) (i32.const 1))))
      (local.set $t2 (i32.add (local.get $t2) (i32.eq (local.get $a) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $agents (i32.lt_u (local.get $i) (local.get $hi))))
      ;; the counts of the slice, added to the shard's tally block
      (i32.store (local.get $tally) (i32.add (i32.load (local.get $tally))
        (i32.sub (i32.sub (i32.sub (local.get $hi) (local.get $lo)) (local.get $t1)) (local.get $t2))))
      (i32.store offset=4 (local.get $tally) (i32.add (i32.load offset=4 (local.get $tally)) (local.get $t1)))
      (i32.store offset=8 (local.get $tally) (i32.add (i32.load offset=8 (local.get $tally)) (local.get $t2))))))
)
