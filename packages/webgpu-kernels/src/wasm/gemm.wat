;; The f32 gemm of the CPU backend in WebAssembly SIMD (128-bit), GotoBLAS style:
;; `pack` lays blocks of op(A) and op(B) out as contiguous zero-padded panels,
;; `c_load`/`c_store` move C between its stored layout and a padded one (β·C on
;; the way in), and `gemm_f32_block` runs the macro-kernel loops around a 4×8
;; register-blocked micro-kernel (8 f32x4 accumulators in locals; 4×8 measured
;; fastest: 5×8 and 6×8 blocks, or unrolling k, spill and run slower under V8).
;; gemm-cpu.ts copies A, B and C in and out of linear memory and drives the loops
;; (transposes, β, ragged edges). Compiled into gemm.generated.ts by
;; scripts/build-wasm.mjs (`pnpm build:wasm`).
(module
  (memory (import "env" "memory") 1)

  ;; Four C entries at byte $p: c ← f32(f64(c) + α·f64(acc)), one rounding each, as the plain-JS path does.
  (func $update (param $p i32) (param $acc v128) (param $alpha v128)
    (local $c v128)
    (local.set $c (v128.load (local.get $p)))
    (v128.store (local.get $p)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f32x4.demote_f64x2_zero
          (f64x2.add (f64x2.promote_low_f32x4 (local.get $c))
            (f64x2.mul (local.get $alpha) (f64x2.promote_low_f32x4 (local.get $acc)))))
        (f32x4.demote_f64x2_zero
          (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (local.get $c)))
            (f64x2.mul (local.get $alpha)
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $acc) (local.get $acc)))))))))

  ;; C ← C + α·Ã·B̃ (byte offsets). Ã: $mPanels panels of 4 rows × $kc, each k-major
  ;; (4 f32 per k); B̃: $nPanels panels of $kc × 8, each k-major (8 f32 per k); C: f32
  ;; rows of $ldc bytes, 4·$mPanels rows × 8·$nPanels columns. Needs $kc ≥ 1. Each C
  ;; entry is a sequential f32 sum over k (mul then add: no fused multiply-add), then one update.
  (func (export "gemm_f32_block") (param $pA i32) (param $pB i32) (param $pC i32)
      (param $mPanels i32) (param $nPanels i32) (param $kc i32) (param $ldc i32) (param $alpha f64)
    (local $alphav v128) (local $av v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $jr i32) (local $ir i32) (local $a i32) (local $b i32) (local $aEnd i32)
    (local $bPanel i32) (local $cCol i32) (local $cp i32) (local $aStride i32) (local $bStride i32)
    (local.set $alphav (f64x2.splat (local.get $alpha)))
    (local.set $aStride (i32.mul (local.get $kc) (i32.const 16)))
    (local.set $bStride (i32.mul (local.get $kc) (i32.const 32)))
    (local.set $bPanel (local.get $pB))
    (local.set $cCol (local.get $pC))
    (local.set $jr (local.get $nPanels))
    (block $jdone
      (loop $jloop
        (br_if $jdone (i32.eqz (local.get $jr)))
        (local.set $a (local.get $pA))
        (local.set $cp (local.get $cCol))
        (local.set $ir (local.get $mPanels))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.eqz (local.get $ir)))
            (local.set $b (local.get $bPanel))
            (local.set $aEnd (i32.add (local.get $a) (local.get $aStride)))
            (local.set $c00 (v128.const i64x2 0 0))
            (local.set $c01 (v128.const i64x2 0 0))
            (local.set $c10 (v128.const i64x2 0 0))
            (local.set $c11 (v128.const i64x2 0 0))
            (local.set $c20 (v128.const i64x2 0 0))
            (local.set $c21 (v128.const i64x2 0 0))
            (local.set $c30 (v128.const i64x2 0 0))
            (local.set $c31 (v128.const i64x2 0 0))
            (loop $ploop
              (local.set $b0 (v128.load (local.get $b)))
              (local.set $b1 (v128.load offset=16 (local.get $b)))
              (local.set $av (v128.load32_splat (local.get $a)))
              (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load32_splat offset=4 (local.get $a)))
              (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load32_splat offset=8 (local.get $a)))
              (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $av (v128.load32_splat offset=12 (local.get $a)))
              (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $av) (local.get $b0))))
              (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $av) (local.get $b1))))
              (local.set $a (i32.add (local.get $a) (i32.const 16)))
              (local.set $b (i32.add (local.get $b) (i32.const 32)))
              (br_if $ploop (i32.lt_u (local.get $a) (local.get $aEnd))))
            (call $update (local.get $cp) (local.get $c00) (local.get $alphav))
            (call $update (i32.add (local.get $cp) (i32.const 16)) (local.get $c01) (local.get $alphav))
            (call $update (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 1))) (local.get $c10) (local.get $alphav))
            (call $update (i32.add (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 1))) (i32.const 16)) (local.get $c11) (local.get $alphav))
            (call $update (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 2))) (local.get $c20) (local.get $alphav))
            (call $update (i32.add (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 2))) (i32.const 16)) (local.get $c21) (local.get $alphav))
            (call $update (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 3))) (local.get $c30) (local.get $alphav))
            (call $update (i32.add (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 3))) (i32.const 16)) (local.get $c31) (local.get $alphav))
            (local.set $cp (i32.add (local.get $cp) (i32.mul (local.get $ldc) (i32.const 4))))
            (local.set $ir (i32.sub (local.get $ir) (i32.const 1)))
            (br $iloop)))
        (local.set $bPanel (i32.add (local.get $bPanel) (local.get $bStride)))
        (local.set $cCol (i32.add (local.get $cCol) (i32.const 32)))
        (local.set $jr (i32.sub (local.get $jr) (i32.const 1)))
        (br $jloop))))
  ;; Packs a kc × extent block into panels of $w (4 or 8) columns, each k-major and zero-padded:
  ;; element (p, j), p < $kc, j < $extent, is read at byte $pSrc + p·$sP + j·$sJ and written to panel
  ;; floor(j/$w) (at $pDst + floor(j/$w)·$kc·$w·4) at entry p·$w + j mod $w. Whole panels contiguous in j
  ;; ($sJ = 4) move as v128s; the rest entry by entry, walking p.
  (func (export "pack") (param $pSrc i32) (param $sP i32) (param $sJ i32) (param $kc i32)
      (param $extent i32) (param $w i32) (param $pDst i32)
    (local $j0 i32) (local $jn i32) (local $jj i32) (local $p i32) (local $src i32) (local $dst i32) (local $step i32)
    (local.set $step (i32.shl (local.get $w) (i32.const 2)))
    (block $done
      (loop $panel
        (br_if $done (i32.ge_u (local.get $j0) (local.get $extent)))
        (local.set $jn (i32.sub (local.get $extent) (local.get $j0)))
        (if (i32.gt_u (local.get $jn) (local.get $w)) (then (local.set $jn (local.get $w))))
        (if (i32.and (i32.eq (local.get $sJ) (i32.const 4)) (i32.eq (local.get $jn) (local.get $w)))
          (then
            (local.set $src (i32.add (local.get $pSrc) (i32.shl (local.get $j0) (i32.const 2))))
            (local.set $dst (local.get $pDst))
            (local.set $p (local.get $kc))
            (if (i32.eq (local.get $w) (i32.const 8))
              (then
                (loop $row8
                  (v128.store (local.get $dst) (v128.load (local.get $src)))
                  (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
                  (local.set $src (i32.add (local.get $src) (local.get $sP)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
                  (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                  (br_if $row8 (local.get $p))))
              (else
                (loop $row4
                  (v128.store (local.get $dst) (v128.load (local.get $src)))
                  (local.set $src (i32.add (local.get $src) (local.get $sP)))
                  (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                  (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                  (br_if $row4 (local.get $p))))))
          (else
            (local.set $jj (i32.const 0))
            (loop $col
              (local.set $dst (i32.add (local.get $pDst) (i32.shl (local.get $jj) (i32.const 2))))
              (local.set $p (local.get $kc))
              (if (i32.lt_u (local.get $jj) (local.get $jn))
                (then
                  (local.set $src (i32.add (local.get $pSrc)
                    (i32.mul (i32.add (local.get $j0) (local.get $jj)) (local.get $sJ))))
                  (loop $copy
                    (f32.store (local.get $dst) (f32.load (local.get $src)))
                    (local.set $src (i32.add (local.get $src) (local.get $sP)))
                    (local.set $dst (i32.add (local.get $dst) (local.get $step)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br_if $copy (local.get $p))))
                (else
                  (loop $zero
                    (f32.store (local.get $dst) (f32.const 0))
                    (local.set $dst (i32.add (local.get $dst) (local.get $step)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br_if $zero (local.get $p)))))
              (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
              (br_if $col (i32.lt_u (local.get $jj) (local.get $w))))))
        (local.set $pDst (i32.add (local.get $pDst) (i32.mul (local.get $kc) (local.get $step))))
        (local.set $j0 (i32.add (local.get $j0) (local.get $w)))
        (br $panel))))

  ;; The padded C the block kernel works on, from the contiguous m×n C at $pRaw: row i < $m of
  ;; $ldc bytes at $pPad holds f32(β·c_ij) for j < $n (β = 0: zero, C not read) and zero past n;
  ;; rows $m ≤ i < $rows are zero. $pPad may equal $pRaw when $ldc = 4·$n.
  (func (export "c_load") (param $pRaw i32) (param $pPad i32) (param $m i32) (param $n i32)
      (param $ldc i32) (param $rows i32) (param $beta f64)
    (local $i i32) (local $src i32) (local $dst i32) (local $end i32) (local $stop i32) (local $rowEnd i32)
    (local $bv v128) (local $c v128)
    (local.set $bv (f64x2.splat (local.get $beta)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $dst (i32.add (local.get $pPad) (i32.mul (local.get $i) (local.get $ldc))))
        (local.set $rowEnd (i32.add (local.get $dst) (local.get $ldc)))
        (if (i32.and (i32.lt_u (local.get $i) (local.get $m)) (f64.ne (local.get $beta) (f64.const 0)))
          (then
            (local.set $src (i32.add (local.get $pRaw) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 2))))
            (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
            (local.set $stop (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
            (block $vdone
              (loop $vec
                (br_if $vdone (i32.ge_u (local.get $dst) (local.get $stop)))
                (local.set $c (v128.load (local.get $src)))
                (v128.store (local.get $dst)
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                    (f32x4.demote_f64x2_zero (f64x2.mul (local.get $bv) (f64x2.promote_low_f32x4 (local.get $c))))
                    (f32x4.demote_f64x2_zero (f64x2.mul (local.get $bv) (f64x2.promote_low_f32x4
                      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c) (local.get $c)))))))
                (local.set $src (i32.add (local.get $src) (i32.const 16)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                (br $vec)))
            (block $sdone
              (loop $one
                (br_if $sdone (i32.ge_u (local.get $dst) (local.get $end)))
                (f32.store (local.get $dst)
                  (f32.demote_f64 (f64.mul (local.get $beta) (f64.promote_f32 (f32.load (local.get $src))))))
                (local.set $src (i32.add (local.get $src) (i32.const 4)))
                (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                (br $one)))))
        (block $zdone
          (loop $zero
            (br_if $zdone (i32.ge_u (local.get $dst) (local.get $rowEnd)))
            (f32.store (local.get $dst) (f32.const 0))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (br $zero)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; Copies rows i < $m, columns j < $n of the padded C ($ldc bytes a row, at $pPad) into the
  ;; contiguous m×n C at $pRaw (which must not overlap it).
  (func (export "c_store") (param $pPad i32) (param $pRaw i32) (param $m i32) (param $n i32) (param $ldc i32)
    (local $i i32) (local $src i32) (local $dst i32) (local $end i32) (local $stop i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $src (i32.add (local.get $pPad) (i32.mul (local.get $i) (local.get $ldc))))
        (local.set $dst (i32.add (local.get $pRaw) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 2))))
        (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
        (local.set $stop (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
        (block $vdone
          (loop $vec
            (br_if $vdone (i32.ge_u (local.get $dst) (local.get $stop)))
            (v128.store (local.get $dst) (v128.load (local.get $src)))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (br $vec)))
        (block $sdone
          (loop $one
            (br_if $sdone (i32.ge_u (local.get $dst) (local.get $end)))
            (f32.store (local.get $dst) (f32.load (local.get $src)))
            (local.set $src (i32.add (local.get $src) (i32.const 4)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (br $one)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))))
