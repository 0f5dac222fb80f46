/**
 * The CPU engine: sequential and parallel dynamics with incremental local
 * fields — O(N) per flip for dense couplings, O(degree) for sparse ones, O(K)
 * with exact integer numerators for the pattern form — allocating nothing
 * inside a sweep.
 * @module
 */
import { philox4x32_10, philoxIndex, philoxKey, uniformFromU32 } from '@replica/webgpu-kernels';
import type { IsingModel } from './couplings';
import { sharedRotatedPatterns } from './couplings';
import type { PlannedRun, Trajectory } from './dynamics';
import { allocateTrajectory, RULE } from './dynamics';
import { transposeCsr, transposeDense } from './internal';
import type { SimdKernels } from './wasm/simd';
import { align16, instantiateSimd } from './wasm/simd';

/** The new value of spin σ with field φ under rule `rule` (see dynamics.ts). */
function nextSpin(rule: number, s: number, phi: number, beta: number, u: number, diag: number): number {
  if (rule === RULE.glauber) return u < 0.5 * (1 + Math.tanh(beta * phi)) ? 1 : -1;
  if (rule === RULE.metropolis) {
    const dE = 2 * s * phi;
    return dE <= 0 || u < Math.exp(-beta * dE) ? -s : s;
  }
  const x = phi + diag * s;
  return x > 0 ? 1 : x < 0 ? -1 : s;
}

/** @internal state and sweeps of one simulation on the CPU. */
export class CpuEngine {
  readonly n: number;
  readonly spins: Int8Array;
  /** φ (R×N, f64) for dense and sparse couplings. */
  private readonly fields: Float64Array;
  /** M_μ = Σ_j ξ_j^μ σ_j (R×K) for the pattern form. */
  private readonly overlapsInt: Int32Array;
  /** ξ transposed (N×K) for the pattern and low-rank forms. */
  private readonly xiT: Int8Array;
  /** Low-rank form: η_i = Aξ_i (N×K), y = Σ_j η_j σ_j (R×K), d_i = ξ_i·η_i. */
  private readonly eta: Float64Array = new Float64Array(0);
  private readonly y: Float64Array = new Float64Array(0);
  private readonly selfTerm: Float64Array = new Float64Array(0);
  /** Rows of Jᵀ: the couplings J_ji that a flip of σ_i changes φ_j by. */
  private readonly jt: Float32Array;
  /**
   * The WebAssembly SIMD loops, when used: then jt/fields (dense) or xiT/overlapsInt
   * (pattern) are views of its memory at byte offsets pA (couplings) and pB (state).
   */
  private readonly simd: SimdKernels | null = null;
  private readonly pA: number = 0;
  private readonly pB: number = 0;
  private readonly tRowPtr: Int32Array;
  private readonly tColIdx: Int32Array;
  private readonly tValues: Float32Array;
  private readonly diag: Float32Array;
  private readonly h: Float32Array;
  private readonly words = new Uint32Array(4);
  private readonly scratch: Int8Array;
  private readonly k0: number;
  private readonly k1: number;
  /** Global sweep counter t. */
  sweepsDone = 0;

  /**
   * @param useSimd - run the O(N) / O(K) loops in WebAssembly SIMD when the runtime supports it
   */
  constructor(
    readonly model: IsingModel,
    readonly replicas: number,
    seed: number | bigint,
    initial: Int8Array,
    useSimd = true,
  ) {
    const n = model.n;
    this.n = n;
    [this.k0, this.k1] = philoxKey(seed);
    this.spins = initial.slice();
    const c = model.couplings;
    this.diag = c.diagonal ?? new Float32Array(n);
    this.h = model.field ?? new Float32Array(n);
    this.scratch = new Int8Array(n);
    this.fields = new Float64Array(c.kind === 'dense' || c.kind === 'sparse' ? replicas * n : 0);
    this.overlapsInt = new Int32Array(c.kind === 'pattern' ? replicas * c.k : 0);
    this.xiT = new Int8Array(0);
    this.jt = new Float32Array(0);
    this.tRowPtr = new Int32Array(0);
    this.tColIdx = new Int32Array(0);
    this.tValues = new Float32Array(0);
    if (c.kind === 'dense') {
      this.jt = c.symmetric ? c.values : transposeDense(c.values, n);
      const fieldBytes = align16(n * n * 4);
      const simd = useSimd ? instantiateSimd(fieldBytes + replicas * n * 8) : null;
      if (simd) {
        const jt = new Float32Array(simd.memory.buffer, 0, n * n);
        jt.set(this.jt);
        this.jt = jt;
        this.fields = new Float64Array(simd.memory.buffer, fieldBytes, replicas * n);
        this.simd = simd;
        this.pB = fieldBytes;
      }
    } else if (c.kind === 'sparse') {
      if (c.symmetric) {
        this.tRowPtr = c.rowPtr;
        this.tColIdx = c.colIdx;
        this.tValues = c.values;
      } else {
        [this.tRowPtr, this.tColIdx, this.tValues] = transposeCsr(c.rowPtr, c.colIdx, c.values, n);
      }
    } else if (c.kind === 'lowrank') {
      const xiT = new Int8Array(n * c.k);
      for (let mu = 0; mu < c.k; mu++) for (let i = 0; i < n; i++) xiT[i * c.k + mu] = c.patterns[mu * n + i]!;
      this.xiT = xiT;
      this.eta = sharedRotatedPatterns(c);
      this.y = new Float64Array(replicas * c.k);
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++)
        for (let mu = 0; mu < c.k; mu++) d[i] = d[i]! + xiT[i * c.k + mu]! * this.eta[i * c.k + mu]!;
      this.selfTerm = d;
    } else {
      const mBytes = align16(n * c.k);
      const simd = useSimd ? instantiateSimd(mBytes + replicas * c.k * 4) : null;
      const xiT = simd ? new Int8Array(simd.memory.buffer, 0, n * c.k) : new Int8Array(n * c.k);
      for (let mu = 0; mu < c.k; mu++) for (let i = 0; i < n; i++) xiT[i * c.k + mu] = c.patterns[mu * n + i]!;
      this.xiT = xiT;
      if (simd) {
        this.overlapsInt = new Int32Array(simd.memory.buffer, mBytes, replicas * c.k);
        this.simd = simd;
        this.pB = mBytes;
      }
    }
    this.recomputeFields();
  }

  /** Recomputes φ (or M) from the spins, from scratch. */
  recomputeFields(): void {
    const { n, model, spins } = this;
    const c = model.couplings;
    for (let r = 0; r < this.replicas; r++) {
      const o = r * n;
      if (c.kind === 'pattern') {
        for (let mu = 0; mu < c.k; mu++) {
          let m = 0;
          for (let j = 0; j < n; j++) m += c.patterns[mu * n + j]! * spins[o + j]!;
          this.overlapsInt[r * c.k + mu] = m;
        }
      } else if (c.kind === 'lowrank') {
        const { k } = c;
        for (let mu = 0; mu < k; mu++) {
          let y = 0;
          for (let j = 0; j < n; j++) y += this.eta[j * k + mu]! * spins[o + j]!;
          this.y[r * k + mu] = y;
        }
      } else if (c.kind === 'dense') {
        const J = c.values;
        for (let i = 0; i < n; i++) {
          let s = this.h[i]!;
          for (let j = 0; j < n; j++) s += J[i * n + j]! * spins[o + j]!;
          this.fields[o + i] = s;
        }
      } else {
        for (let i = 0; i < n; i++) {
          let s = this.h[i]!;
          for (let t = c.rowPtr[i]!; t < c.rowPtr[i + 1]!; t++) s += c.values[t]! * spins[o + c.colIdx[t]!]!;
          this.fields[o + i] = s;
        }
      }
    }
  }

  /** φ of every replica (R×N, f64), computed from the maintained state. */
  currentFields(): Float64Array {
    const { n, model } = this;
    const c = model.couplings;
    if (c.kind === 'dense' || c.kind === 'sparse') return this.fields.slice();
    const out = new Float64Array(this.replicas * n);
    for (let r = 0; r < this.replicas; r++) for (let i = 0; i < n; i++) out[r * n + i] = this.field(r, i);
    return out;
  }

  /** True when the inner loops run in WebAssembly SIMD. */
  get usesSimd(): boolean {
    return this.simd !== null;
  }

  /** Replaces the spins (fields are recomputed). */
  setSpins(spins: Int8Array): void {
    this.spins.set(spins);
    this.recomputeFields();
  }

  private patternField(r: number, i: number): number {
    const c = this.model.couplings as { k: number; scale: number };
    const k = c.k;
    let a = -k * this.spins[r * this.n + i]!;
    const xo = i * k;
    const mo = r * k;
    for (let mu = 0; mu < k; mu++) a += this.xiT[xo + mu]! * this.overlapsInt[mo + mu]!;
    return (c.scale * a) / this.n + this.h[i]!;
  }

  /** Flips spin i of replica r to `ns` and updates the fields. */
  private apply(r: number, i: number, ns: number): void {
    const { n } = this;
    const o = r * n;
    this.spins[o + i] = ns;
    const delta = 2 * ns;
    const c = this.model.couplings;
    if (c.kind === 'dense') {
      const jt = this.jt;
      const row = i * n;
      const f = this.fields;
      for (let j = 0; j < n; j++) f[o + j] = f[o + j]! + delta * jt[row + j]!;
    } else if (c.kind === 'sparse') {
      const f = this.fields;
      for (let t = this.tRowPtr[i]!; t < this.tRowPtr[i + 1]!; t++) {
        const j = this.tColIdx[t]!;
        f[o + j] = f[o + j]! + delta * this.tValues[t]!;
      }
    } else if (c.kind === 'lowrank') {
      const k = c.k;
      const xo = i * k;
      const yo = r * k;
      for (let mu = 0; mu < k; mu++) this.y[yo + mu] = this.y[yo + mu]! + delta * this.eta[xo + mu]!;
    } else {
      const k = c.k;
      const xo = i * k;
      const mo = r * k;
      for (let mu = 0; mu < k; mu++)
        this.overlapsInt[mo + mu] = this.overlapsInt[mo + mu]! + delta * this.xiT[xo + mu]!;
    }
  }

  private lowRankField(r: number, i: number): number {
    const c = this.model.couplings as { k: number; scale: number };
    const k = c.k;
    const xo = i * k;
    const yo = r * k;
    let a = -this.selfTerm[i]! * this.spins[r * this.n + i]!;
    for (let mu = 0; mu < k; mu++) a += this.xiT[xo + mu]! * this.y[yo + mu]!;
    return (c.scale * a) / this.n + this.h[i]!;
  }

  /** φ_i of replica r from the maintained state, whatever the storage form. */
  private field(r: number, i: number): number {
    const kind = this.model.couplings.kind;
    if (kind === 'pattern') return this.patternField(r, i);
    if (kind === 'lowrank') return this.lowRankField(r, i);
    return this.fields[r * this.n + i]!;
  }

  /** One sweep of every replica at inverse temperature β. */
  sweep(plan: PlannedRun, beta: number): void {
    const kind = this.model.couplings.kind;
    if (plan.parallel) this.sweepParallel(plan, beta);
    else if (kind === 'dense') this.sweepDense(plan, beta);
    else if (kind === 'sparse') this.sweepSparse(plan, beta);
    else if (kind === 'lowrank') this.sweepGeneric(plan, beta);
    else this.sweepPattern(plan, beta);
    this.sweepsDone++;
  }

  // Sequential sweeps, one specialized loop per storage kind: the update rule is
  // inlined and the O(N) / O(K) updates are unrolled, as the hot loop deserves.

  private sweepDense(plan: PlannedRun, beta: number): void {
    const { n, spins, fields: f, jt, diag, simd, pA, pB } = this;
    const { words, k0, k1 } = this;
    const t = this.sweepsDone;
    const rule = plan.rule;
    const random = plan.random;
    const needU = rule !== RULE.zero;
    for (let r = 0; r < this.replicas; r++) {
      const o = r * n;
      for (let step = 0; step < n; step++) {
        let i = step;
        let u = 0;
        if (random) {
          philox4x32_10(step, t, r, 1, k0, k1, words, 0);
          i = philoxIndex(words[0]!, n);
          u = uniformFromU32(words[1]!);
        } else if (needU) {
          if ((step & 3) === 0) philox4x32_10(step >>> 2, t, r, 0, k0, k1, words, 0);
          u = uniformFromU32(words[step & 3]!);
        }
        const s = spins[o + i]!;
        const ns = nextSpin(rule, s, f[o + i]!, beta, u, diag[i]!);
        if (ns === s) continue;
        spins[o + i] = ns;
        const d = 2 * ns;
        const row = i * n;
        if (simd) {
          simd.axpyF32F64(pB + o * 8, pA + row * 4, n, d);
          continue;
        }
        let j = 0;
        for (; j + 3 < n; j += 4) {
          f[o + j] = f[o + j]! + d * jt[row + j]!;
          f[o + j + 1] = f[o + j + 1]! + d * jt[row + j + 1]!;
          f[o + j + 2] = f[o + j + 2]! + d * jt[row + j + 2]!;
          f[o + j + 3] = f[o + j + 3]! + d * jt[row + j + 3]!;
        }
        for (; j < n; j++) f[o + j] = f[o + j]! + d * jt[row + j]!;
      }
    }
  }

  private sweepSparse(plan: PlannedRun, beta: number): void {
    const { n, spins, fields: f, tRowPtr, tColIdx, tValues, diag } = this;
    const { words, k0, k1 } = this;
    const t = this.sweepsDone;
    const rule = plan.rule;
    const random = plan.random;
    const needU = rule !== RULE.zero;
    for (let r = 0; r < this.replicas; r++) {
      const o = r * n;
      for (let step = 0; step < n; step++) {
        let i = step;
        let u = 0;
        if (random) {
          philox4x32_10(step, t, r, 1, k0, k1, words, 0);
          i = philoxIndex(words[0]!, n);
          u = uniformFromU32(words[1]!);
        } else if (needU) {
          if ((step & 3) === 0) philox4x32_10(step >>> 2, t, r, 0, k0, k1, words, 0);
          u = uniformFromU32(words[step & 3]!);
        }
        const s = spins[o + i]!;
        const ns = nextSpin(rule, s, f[o + i]!, beta, u, diag[i]!);
        if (ns === s) continue;
        spins[o + i] = ns;
        const d = 2 * ns;
        for (let e = tRowPtr[i]!, end = tRowPtr[i + 1]!; e < end; e++) {
          const j = o + tColIdx[e]!;
          f[j] = f[j]! + d * tValues[e]!;
        }
      }
    }
  }

  private sweepPattern(plan: PlannedRun, beta: number): void {
    const { n, spins, xiT, overlapsInt: M, diag, h, simd, pA, pB } = this;
    const c = this.model.couplings as { k: number; scale: number };
    const k = c.k;
    const cn = c.scale / n;
    const { words, k0, k1 } = this;
    const t = this.sweepsDone;
    const rule = plan.rule;
    const random = plan.random;
    const needU = rule !== RULE.zero;
    for (let r = 0; r < this.replicas; r++) {
      const o = r * n;
      const mo = r * k;
      for (let step = 0; step < n; step++) {
        let i = step;
        let u = 0;
        if (random) {
          philox4x32_10(step, t, r, 1, k0, k1, words, 0);
          i = philoxIndex(words[0]!, n);
          u = uniformFromU32(words[1]!);
        } else if (needU) {
          if ((step & 3) === 0) philox4x32_10(step >>> 2, t, r, 0, k0, k1, words, 0);
          u = uniformFromU32(words[step & 3]!);
        }
        const s = spins[o + i]!;
        const xo = i * k;
        let a = -k * s;
        let mu = 0;
        if (simd) {
          a += simd.dotI8I32(pA + xo, pB + mo * 4, k);
          mu = k;
        }
        for (; mu + 3 < k; mu += 4) {
          a +=
            xiT[xo + mu]! * M[mo + mu]! +
            xiT[xo + mu + 1]! * M[mo + mu + 1]! +
            xiT[xo + mu + 2]! * M[mo + mu + 2]! +
            xiT[xo + mu + 3]! * M[mo + mu + 3]!;
        }
        for (; mu < k; mu++) a += xiT[xo + mu]! * M[mo + mu]!;
        const ns = nextSpin(rule, s, cn * a + h[i]!, beta, u, diag[i]!);
        if (ns === s) continue;
        spins[o + i] = ns;
        const d = 2 * ns;
        if (simd) simd.axpyI8I32(pB + mo * 4, pA + xo, k, d);
        else for (mu = 0; mu < k; mu++) M[mo + mu] = M[mo + mu]! + d * xiT[xo + mu]!;
      }
    }
  }

  /** Sequential sweep through the generic field/apply path (the low-rank form: O(K) per site and flip). */
  private sweepGeneric(plan: PlannedRun, beta: number): void {
    const { n, spins, words, k0, k1, diag } = this;
    const t = this.sweepsDone;
    const rule = plan.rule;
    const random = plan.random;
    const needU = rule !== RULE.zero;
    for (let r = 0; r < this.replicas; r++) {
      const o = r * n;
      for (let step = 0; step < n; step++) {
        let i = step;
        let u = 0;
        if (random) {
          philox4x32_10(step, t, r, 1, k0, k1, words, 0);
          i = philoxIndex(words[0]!, n);
          u = uniformFromU32(words[1]!);
        } else if (needU) {
          if ((step & 3) === 0) philox4x32_10(step >>> 2, t, r, 0, k0, k1, words, 0);
          u = uniformFromU32(words[step & 3]!);
        }
        const s = spins[o + i]!;
        const ns = nextSpin(rule, s, this.field(r, i), beta, u, diag[i]!);
        if (ns !== s) this.apply(r, i, ns);
      }
    }
  }

  private sweepParallel(plan: PlannedRun, beta: number): void {
    const { n, spins, words, k0, k1 } = this;
    const t = this.sweepsDone;
    const rule = plan.rule;
    const needU = rule !== RULE.zero;
    const next = this.scratch;
    for (let r = 0; r < this.replicas; r++) {
      const o = r * n;
      for (let i = 0; i < n; i++) {
        if (needU && (i & 3) === 0) philox4x32_10(i >>> 2, t, r, 2, k0, k1, words, 0);
        const u = needU ? uniformFromU32(words[i & 3]!) : 0;
        next[i] = nextSpin(rule, spins[o + i]!, this.field(r, i), beta, u, this.diag[i]!);
      }
      for (let i = 0; i < n; i++) if (next[i] !== spins[o + i]) this.apply(r, i, next[i]!);
    }
  }

  /** Runs a planned run and records its observables. */
  run(plan: PlannedRun): Trajectory {
    const traj = allocateTrajectory(plan, this.replicas);
    const reference = plan.record.autocorrelation ? this.spins.slice() : null;
    let rec = 0;
    for (let s = 0; s < plan.betas.length; s++) {
      const beta = plan.betas[s]!;
      this.sweep(plan, beta);
      if (plan.recordAt[rec] === s) {
        traj.sweeps[rec] = this.sweepsDone;
        traj.beta[rec] = beta;
        this.observe(plan, traj, rec, reference);
        rec++;
      }
    }
    return traj;
  }

  private observe(plan: PlannedRun, traj: Trajectory, t: number, reference: Int8Array | null): void {
    const { n, spins, replicas: R } = this;
    const d = this.model.couplings.diagonal;
    let diagSum = 0;
    if (d) for (let i = 0; i < n; i++) diagSum += d[i]!;
    for (let r = 0; r < R; r++) {
      const o = r * n;
      if (traj.energy) {
        let e = 0;
        for (let i = 0; i < n; i++) {
          const s = spins[o + i]!;
          const h = this.h[i]!;
          e -= 0.5 * s * (this.field(r, i) - h) + h * s;
        }
        traj.energy[t * R + r] = (e - 0.5 * diagSum) / n;
      }
      if (traj.magnetization) {
        let m = 0;
        for (let i = 0; i < n; i++) m += spins[o + i]!;
        traj.magnetization[t * R + r] = m / n;
      }
      if (traj.overlaps && plan.record.overlaps) {
        const { patterns, k } = plan.record.overlaps;
        for (let mu = 0; mu < k; mu++) {
          let m = 0;
          for (let i = 0; i < n; i++) m += patterns[mu * n + i]! * spins[o + i]!;
          traj.overlaps[(t * R + r) * k + mu] = m / n;
        }
      }
      if (traj.autocorrelation && reference) {
        let c = 0;
        for (let i = 0; i < n; i++) c += reference[o + i]! * spins[o + i]!;
        traj.autocorrelation[t * R + r] = c / n;
      }
    }
    if (traj.replicaOverlaps) {
      const P = (R * (R - 1)) / 2;
      let p = 0;
      for (let a = 0; a < R; a++)
        for (let b = a + 1; b < R; b++) {
          let q = 0;
          for (let i = 0; i < n; i++) q += spins[a * n + i]! * spins[b * n + i]!;
          traj.replicaOverlaps[t * P + p++] = q / n;
        }
    }
  }
}
