;; The inner loops of the CPU engine in WebAssembly SIMD (128-bit):
;; the O(N) and O(K) updates that dominate a sweep. Compiled into
;; kernels.generated.ts by scripts/build-wasm.mjs; the JS engine keeps plain-JS
;; twins of each loop as a fallback and a reference.
(module
  (memory (import "env" "memory") 1)

  ;; phi[j] += d * f64(J[j]) for j < n.  phi: f64 at byte pPhi, J: f32 at byte pJ.
  ;; f64x2 mul then add (no fused multiply-add), so results equal the JS loop's bit for bit.
  (func (export "axpy_f32_f64") (param $pPhi i32) (param $pJ i32) (param $n i32) (param $d f64)
    (local $dv v128) (local $end i32) (local $stop i32)
    (local.set $dv (f64x2.splat (local.get $d)))
    (local.set $stop (i32.add (local.get $pJ) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
    (block $done
      (loop $oct
        (br_if $done (i32.ge_u (local.get $pJ) (local.get $stop)))
        (v128.store (local.get $pPhi)
          (f64x2.add (v128.load (local.get $pPhi))
            (f64x2.mul (local.get $dv) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $pJ))))))
        (v128.store offset=16 (local.get $pPhi)
          (f64x2.add (v128.load offset=16 (local.get $pPhi))
            (f64x2.mul (local.get $dv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $pJ))))))
        (v128.store offset=32 (local.get $pPhi)
          (f64x2.add (v128.load offset=32 (local.get $pPhi))
            (f64x2.mul (local.get $dv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $pJ))))))
        (v128.store offset=48 (local.get $pPhi)
          (f64x2.add (v128.load offset=48 (local.get $pPhi))
            (f64x2.mul (local.get $dv) (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $pJ))))))
        (local.set $pPhi (i32.add (local.get $pPhi) (i32.const 64)))
        (local.set $pJ (i32.add (local.get $pJ) (i32.const 32)))
        (br $oct)))
    (local.set $end (i32.and (local.get $n) (i32.const 7)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.eqz (local.get $end)))
        (f64.store (local.get $pPhi)
          (f64.add (f64.load (local.get $pPhi)) (f64.mul (local.get $d) (f64.promote_f32 (f32.load (local.get $pJ))))))
        (local.set $pPhi (i32.add (local.get $pPhi) (i32.const 8)))
        (local.set $pJ (i32.add (local.get $pJ) (i32.const 4)))
        (local.set $end (i32.sub (local.get $end) (i32.const 1)))
        (br $tail))))

  ;; Σ_μ xi[μ]·m[μ] for μ < k.  xi: i8 at byte pXi, m: i32 at byte pM (exact integer arithmetic).
  (func (export "dot_i8_i32") (param $pXi i32) (param $pM i32) (param $k i32) (result i32)
    (local $acc v128) (local $stop i32) (local $s i32) (local $rest i32)
    (local.set $stop (i32.add (local.get $pXi) (i32.and (local.get $k) (i32.const -4))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $pXi) (local.get $stop)))
        (local.set $acc (i32x4.add (local.get $acc)
          (i32x4.mul (v128.load (local.get $pM))
            (i32x4.extend_low_i16x8_s (i16x8.extend_low_i8x16_s (v128.load32_zero (local.get $pXi)))))))
        (local.set $pXi (i32.add (local.get $pXi) (i32.const 4)))
        (local.set $pM (i32.add (local.get $pM) (i32.const 16)))
        (br $quad)))
    (local.set $s (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
    (local.set $rest (i32.and (local.get $k) (i32.const 3)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.eqz (local.get $rest)))
        (local.set $s (i32.add (local.get $s) (i32.mul (i32.load8_s (local.get $pXi)) (i32.load (local.get $pM)))))
        (local.set $pXi (i32.add (local.get $pXi) (i32.const 1)))
        (local.set $pM (i32.add (local.get $pM) (i32.const 4)))
        (local.set $rest (i32.sub (local.get $rest) (i32.const 1)))
        (br $tail)))
    (local.get $s))

  ;; m[μ] += d·xi[μ] for μ < k.  m: i32 at byte pM, xi: i8 at byte pXi.
  (func (export "axpy_i8_i32") (param $pM i32) (param $pXi i32) (param $k i32) (param $d i32)
    (local $dv v128) (local $stop i32) (local $rest i32)
    (local.set $dv (i32x4.splat (local.get $d)))
    (local.set $stop (i32.add (local.get $pXi) (i32.and (local.get $k) (i32.const -4))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $pXi) (local.get $stop)))
        (v128.store (local.get $pM)
          (i32x4.add (v128.load (local.get $pM))
            (i32x4.mul (local.get $dv) (i32x4.extend_low_i16x8_s (i16x8.extend_low_i8x16_s (v128.load32_zero (local.get $pXi)))))))
        (local.set $pXi (i32.add (local.get $pXi) (i32.const 4)))
        (local.set $pM (i32.add (local.get $pM) (i32.const 16)))
        (br $quad)))
    (local.set $rest (i32.and (local.get $k) (i32.const 3)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.eqz (local.get $rest)))
        (i32.store (local.get $pM) (i32.add (i32.load (local.get $pM)) (i32.mul (local.get $d) (i32.load8_s (local.get $pXi)))))
        (local.set $pXi (i32.add (local.get $pXi) (i32.const 1)))
        (local.set $pM (i32.add (local.get $pM) (i32.const 4)))
        (local.set $rest (i32.sub (local.get $rest) (i32.const 1)))
        (br $tail))))
)
