import { H, integrate } from '@replica/spin-core/math';
import { describe, expect, it } from 'vitest';
import type { PerceptronInstance } from './amp';
import { ampPerceptron, perceptronInstance, priorInput, signChannelOutput } from './amp';

/** g_out, ∂g_out by brute-force 1-D integrals over z ~ N(ω, V) restricted to yz > 0. */
function channelByIntegral(y: number, omega: number, v: number) {
  const s = Math.sqrt(v);
  const lo = y > 0 ? Math.max(0, omega - 14 * s) : omega - 14 * s;
  const hi = y > 0 ? omega + 14 * s : Math.min(0, omega + 14 * s);
  const w = (z: number) => Math.exp(-((z - omega) ** 2) / (2 * v));
  const opts = { absTol: 0, relTol: 1e-13, maxPanels: 20_000 };
  const z0 = integrate(w, lo, hi, opts);
  const z1 = integrate((z) => (z - omega) * w(z), lo, hi, opts) / z0;
  const z2 = integrate((z) => (z - omega) ** 2 * w(z), lo, hi, opts) / z0;
  return { g: z1 / v, dg: (z2 - z1 * z1 - v) / (v * v) };
}

describe('signChannelOutput', () => {
  it('matches numerical integration of the truncated Gaussian (rel. 1e-7), deep tails included', () => {
    for (const y of [1, -1])
      for (const v of [0.01, 0.3, 1, 4])
        for (const x of [-7, -3, -1, 0, 0.5, 2, 6]) {
          const omega = y * x * Math.sqrt(v);
          const got = signChannelOutput(y, omega, v);
          const ref = channelByIntegral(y, omega, v);
          expect(Math.abs(got.g - ref.g)).toBeLessThanOrEqual(1e-7 * Math.abs(ref.g) + 1e-12);
          expect(Math.abs(got.dg - ref.dg)).toBeLessThanOrEqual(1e-6 * Math.abs(ref.dg) + 1e-10);
        }
  });
  it('is ∂_ω log H(−yω/√V) (finite differences)', () => {
    const y = -1;
    const v = 0.7;
    const omega = 0.4;
    const logZ = (w: number) => Math.log(H((-y * w) / Math.sqrt(v)));
    const h = 1e-5;
    expect(signChannelOutput(y, omega, v).g).toBeCloseTo((logZ(omega + h) - logZ(omega - h)) / (2 * h), 7);
  });
  it('rejects bad labels and variances, naming the argument', () => {
    expect(() => signChannelOutput(0, 0, 1)).toThrow(/^y:/);
    expect(() => signChannelOutput(1, 0, 0)).toThrow(/^v:/);
    expect(() => signChannelOutput(1, Number.NaN, 1)).toThrow(/^omega:/);
  });
});

describe('priorInput', () => {
  it('binary: the exact two-point posterior', () => {
    for (const [a, b] of [
      [0, 0.3],
      [2, -1.7],
      [5, 30],
      [0.1, -400],
    ] as const) {
      const wp = Math.exp(b - a / 2);
      const wm = Math.exp(-b - a / 2);
      const ref = Number.isFinite(wp) && Number.isFinite(wm) ? (wp - wm) / (wp + wm) : Math.sign(b);
      const got = priorInput('binary', a, b);
      expect(got.mean).toBeCloseTo(ref, 14);
      expect(got.variance).toBeCloseTo(1 - ref * ref, 14);
      expect(got.variance).toBeGreaterThanOrEqual(0);
    }
  });
  it('gaussian: mean and variance of N(0,1)·e^{Bw − Aw²/2} by integration (1e-10)', () => {
    for (const [a, b] of [
      [0.5, 0.3],
      [3, -2],
      [10, 12],
    ] as const) {
      const w = (x: number) => Math.exp(-0.5 * x * x + b * x - 0.5 * a * x * x);
      const z = integrate(w, -15, 15);
      const m1 = integrate((x) => x * w(x), -15, 15) / z;
      const m2 = integrate((x) => x * x * w(x), -15, 15) / z;
      const got = priorInput('gaussian', a, b);
      expect(got.mean).toBeCloseTo(m1, 10);
      expect(got.variance).toBeCloseTo(m2 - m1 * m1, 10);
    }
  });
  it('rejects bad arguments', () => {
    expect(() => priorInput('binary', -1, 0)).toThrow(/^a:/);
    expect(() => priorInput('binary', 1, Number.NaN)).toThrow(/^b:/);
    expect(() => priorInput('ternary' as 'binary', 1, 0)).toThrow(/^prior:/);
  });
});

/** The exact posterior mean ⟨w⟩ over all 2^N binary weight vectors consistent with the labels. */
function bruteForceMean(inst: PerceptronInstance): Float64Array {
  const { n, p, inputs, labels } = inst;
  const mean = new Float64Array(n);
  let count = 0;
  for (let s = 0; s < 1 << n; s++) {
    let ok = true;
    for (let mu = 0; mu < p && ok; mu++) {
      let z = 0;
      for (let i = 0; i < n; i++) z += (inputs[mu * n + i] as number) * ((s >> i) & 1 ? 1 : -1);
      if ((z >= 0 ? 1 : -1) !== labels[mu]) ok = false;
    }
    if (!ok) continue;
    count++;
    for (let i = 0; i < n; i++) mean[i] = (mean[i] as number) + ((s >> i) & 1 ? 1 : -1);
  }
  return mean.map((x) => x / count);
}

describe('perceptronInstance', () => {
  it('is reproducible, labels are the teacher’s signs, P = round(αN)', () => {
    const a = perceptronInstance({ n: 30, alpha: 1.5, prior: 'binary', seed: 4 });
    const b = perceptronInstance({ n: 30, alpha: 1.5, prior: 'binary', seed: 4 });
    expect(a.p).toBe(45);
    expect(a.inputs).toEqual(b.inputs);
    expect(a.teacher).toEqual(b.teacher);
    for (const w of a.teacher) expect(Math.abs(w)).toBe(1);
    for (let mu = 0; mu < a.p; mu++) {
      let z = 0;
      for (let i = 0; i < a.n; i++) z += (a.inputs[mu * a.n + i] as number) * (a.teacher[i] as number);
      expect(a.labels[mu]).toBe(z >= 0 ? 1 : -1);
    }
    expect(() => perceptronInstance({ n: 0, alpha: 1, seed: 1 })).toThrow(/^n:/);
    expect(() => perceptronInstance({ n: 10, alpha: 0.01, seed: 1 })).toThrow(/^alpha:/);
  });
});

describe('ampPerceptron', () => {
  it('on tiny instances (N = 14, binary) is close to the exact posterior mean over 2^14 vectors', () => {
    // AMP is only asymptotically exact: a loose check. Measured: cos ≥ 0.98 at α = 0.5, mean 0.92 at α = 1.
    for (const [alpha, meanCos, minCos] of [
      [0.5, 0.97, 0.95],
      [1, 0.85, 0.8],
    ] as const) {
      const cos: number[] = [];
      for (let seed = 1; seed <= 6; seed++) {
        const inst = perceptronInstance({ n: 14, alpha, prior: 'binary', seed });
        const exact = bruteForceMean(inst);
        const r = ampPerceptron(inst, { damping: 0.5, maxIterations: 500 });
        let d = 0;
        let na = 0;
        let nb = 0;
        for (let i = 0; i < 14; i++) {
          d += (r.estimate[i] as number) * (exact[i] as number);
          na += (r.estimate[i] as number) ** 2;
          nb += (exact[i] as number) ** 2;
        }
        cos.push(d / Math.sqrt(na * nb));
      }
      expect(Math.min(...cos)).toBeGreaterThan(minCos);
      expect(cos.reduce((s, c) => s + c, 0) / cos.length).toBeGreaterThan(meanCos);
    }
  });
  it('damping changes the path, not the fixed point', () => {
    const inst = perceptronInstance({ n: 400, alpha: 1, prior: 'gaussian', seed: 2 });
    const a = ampPerceptron(inst, { tolerance: 1e-10, maxIterations: 500 });
    const b = ampPerceptron(inst, { damping: 0.6, tolerance: 1e-10, maxIterations: 2000 });
    expect(a.converged && b.converged).toBe(true);
    expect(b.iterations).toBeGreaterThan(a.iterations);
    expect(Math.abs((a.m as number) - (b.m as number))).toBeLessThan(1e-6);
  });
  it('reports converged: false at maxIterations instead of throwing', () => {
    const inst = perceptronInstance({ n: 100, alpha: 1, prior: 'binary', seed: 3 });
    const r = ampPerceptron(inst, { maxIterations: 2 });
    expect(r).toMatchObject({ iterations: 2, converged: false });
    expect(r.lastChange).toBeGreaterThan(1e-7);
    expect(r.overlapHistory).toHaveLength(2);
  });
  it('without a teacher reports m = null', () => {
    const { teacher: _t, ...problem } = perceptronInstance({ n: 50, alpha: 1, seed: 3 });
    expect(ampPerceptron(problem).m).toBeNull();
  });
  it('rejects inconsistent problems and options', () => {
    const inst = perceptronInstance({ n: 20, alpha: 1, seed: 1 });
    expect(() => ampPerceptron({ ...inst, labels: new Int8Array(20) })).toThrow(/^problem.labels:/);
    expect(() => ampPerceptron({ ...inst, p: 19 })).toThrow(/^problem.inputs:/);
    expect(() => ampPerceptron(inst, { damping: 1 })).toThrow(/^damping:/);
    expect(() => ampPerceptron(inst, { maxIterations: 0 })).toThrow(/^maxIterations:/);
  });
});
