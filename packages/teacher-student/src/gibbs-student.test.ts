import { PhiloxRng } from '@replica/webgpu-kernels';
import { describe, expect, it } from 'vitest';
import { perceptronInstance } from './amp';
import { meanStderr } from './checks';
import { bayesOverlap, gibbsOverlap } from './generalization';
import { gibbsStudentSimulation, sampleVersionSpace } from './gibbs-student';

/** A tiny teacher–student problem: P Gaussian inputs in R^N labelled by a Gaussian teacher. */
function tinyProblem(n: number, p: number, seed: number) {
  const rng = new PhiloxRng(seed, 0);
  const teacher = Float64Array.from({ length: n }, () => rng.nextNormal());
  const inputs = Float64Array.from({ length: p * n }, () => rng.nextNormal());
  const labels = new Int8Array(p);
  for (let mu = 0; mu < p; mu++) {
    let z = 0;
    for (let i = 0; i < n; i++) z += inputs[mu * n + i]! * teacher[i]!;
    labels[mu] = z >= 0 ? 1 : -1;
  }
  return { n, p, inputs, labels, teacher };
}

/** Wraps an angle into (ref − π, ref + π]. */
const unwrap = (x: number, ref: number) => x - 2 * Math.PI * Math.round((x - ref) / (2 * Math.PI));

/** The arc [lo, hi] of the 2-d version space: constraint c = r(cos ψ, sin ψ) allows θ ∈ [ψ − π/2, ψ + π/2]. */
function arc(prob: ReturnType<typeof tinyProblem>): [number, number] {
  const th = Math.atan2(prob.teacher[1]!, prob.teacher[0]!);
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  for (let mu = 0; mu < prob.p; mu++) {
    const y = prob.labels[mu]!;
    const psi = unwrap(Math.atan2(y * prob.inputs[2 * mu + 1]!, y * prob.inputs[2 * mu]!), th);
    lo = Math.max(lo, psi - Math.PI / 2);
    hi = Math.min(hi, psi + Math.PI / 2);
  }
  return [lo, hi];
}

describe('sampleVersionSpace: exactness on tiny systems', () => {
  it('N = 2: independent chains give angles uniform on the arc (Kolmogorov–Smirnov at the 0.1% level)', () => {
    const prob = tinyProblem(2, 6, 11);
    const [lo, hi] = arc(prob);
    expect(hi - lo).toBeGreaterThan(0.05);
    expect(hi - lo).toBeLessThan(Math.PI);
    const mid = (lo + hi) / 2;
    // 1500 independent chains (stream = chain), each 10 burn-in trajectories from the perceptron
    // start, then one sample: the samples are i.i.d., so the KS critical value applies as is.
    const chains = 1500;
    const u = new Float64Array(chains);
    for (let s = 0; s < chains; s++) {
      const r = sampleVersionSpace(prob, { samples: 1, burnIn: 10, seed: 5, stream: s });
      u[s] = (unwrap(Math.atan2(r.samples[1]!, r.samples[0]!), mid) - lo) / (hi - lo);
    }
    u.sort();
    let d = 0;
    for (let k = 0; k < chains; k++) d = Math.max(d, (k + 1) / chains - u[k]!, u[k]! - k / chains);
    expect(u[0]!).toBeGreaterThanOrEqual(-1e-12);
    expect(u[chains - 1]!).toBeLessThanOrEqual(1 + 1e-12);
    // P(√K·D > 1.949) = 0.001 for the Kolmogorov distribution
    expect(Math.sqrt(chains) * d).toBeLessThan(1.949);
  });

  it('N = 2: one long chain (travel time 2.5 > π/2, cut into π/2 pieces) has the uniform mean and variance (batch means, 4σ)', () => {
    const prob = tinyProblem(2, 6, 11);
    const [lo, hi] = arc(prob);
    const mid = (lo + hi) / 2;
    const k = 8000;
    const r = sampleVersionSpace(prob, { samples: k, burnIn: 10, seed: 9, travelTime: 2.5 });
    const batches = 40;
    const m1 = new Float64Array(batches);
    const m2 = new Float64Array(batches);
    for (let j = 0; j < k; j++) {
      const x = (unwrap(Math.atan2(r.samples[2 * j + 1]!, r.samples[2 * j]!), mid) - lo) / (hi - lo);
      const b = Math.floor((j * batches) / k);
      m1[b] = m1[b]! + x / (k / batches);
      m2[b] = m2[b]! + (x * x) / (k / batches);
    }
    // uniform on [0, 1]: E x = 1/2, E x² = 1/3; batch means of 200 samples are ~independent
    const s1 = meanStderr(m1);
    const s2 = meanStderr(m2);
    expect(Math.abs(s1.mean - 1 / 2)).toBeLessThan(4 * s1.stderr);
    expect(Math.abs(s2.mean - 1 / 3)).toBeLessThan(4 * s2.stderr);
  });

  it('N = 3, P = 4: the histogram of the teacher cosine and the mean direction match rejection sampling (4σ)', () => {
    const prob = tinyProblem(3, 4, 3);
    const tn = Math.hypot(...prob.teacher);
    const that = Array.from(prob.teacher, (x) => x / tn);
    const bins = 8;
    const stats = (u: ArrayLike<number>, count: number) => {
      const h = new Float64Array(bins);
      const mean = [0, 0, 0];
      for (let k = 0; k < count; k++) {
        let r = 0;
        for (let i = 0; i < 3; i++) {
          r += u[3 * k + i]! * that[i]!;
          mean[i]! += u[3 * k + i]! / count;
        }
        h[Math.min(bins - 1, Math.floor(((r + 1) / 2) * bins))]! += 1 / count;
      }
      return { h, mean };
    };
    // rejection: uniform directions on S², kept when inside the version space
    const rng = new PhiloxRng(77, 0);
    const kr = 20000;
    const rej = new Float64Array(3 * kr);
    let accepted = 0;
    while (accepted < kr) {
      const x = [rng.nextNormal(), rng.nextNormal(), rng.nextNormal()];
      const nx = Math.hypot(...x);
      let ok = true;
      for (let mu = 0; mu < prob.p && ok; mu++) {
        let z = 0;
        for (let i = 0; i < 3; i++) z += prob.inputs[3 * mu + i]! * x[i]!;
        ok = prob.labels[mu]! * z >= 0;
      }
      if (!ok) continue;
      for (let i = 0; i < 3; i++) rej[3 * accepted + i] = x[i]! / nx;
      accepted++;
    }
    // HMC: independent chains (10 burn-in trajectories each, jittered travel time), one sample per chain
    const kh = 3000;
    const hmc = new Float64Array(3 * kh);
    for (let s = 0; s < kh; s++) {
      const r = sampleVersionSpace(prob, { samples: 1, burnIn: 10, seed: 21, stream: s, jitter: 0.5 });
      hmc.set(r.samples, 3 * s);
    }
    const a = stats(rej, kr);
    const b = stats(hmc, kh);
    for (let j = 0; j < bins; j++) {
      const p = (a.h[j]! * kr + b.h[j]! * kh) / (kr + kh);
      const sigma = Math.sqrt(p * (1 - p) * (1 / kr + 1 / kh));
      expect(Math.abs(a.h[j]! - b.h[j]!)).toBeLessThanOrEqual(4 * sigma + 1e-12);
    }
    for (let i = 0; i < 3; i++) {
      // Var(u_i) ≤ 1: a conservative per-coordinate σ
      const sigma = Math.sqrt(1 / kr + 1 / kh);
      expect(Math.abs(a.mean[i]! - b.mean[i]!)).toBeLessThan(4 * sigma);
    }
  });
});

describe('sampleVersionSpace: feasibility and reproducibility', () => {
  it('every sample is a unit vector satisfying every constraint (N = 60, α = 3)', () => {
    const inst = perceptronInstance({ n: 60, alpha: 3, seed: 4 });
    const r = sampleVersionSpace(inst, { samples: 200, burnIn: 5, seed: 1 });
    expect(r.count).toBe(200);
    expect(r.samples.length).toBe(200 * 60);
    expect(r.diagnostics.trajectories).toBe(205);
    expect(r.diagnostics.meanBounces).toBeGreaterThan(1);
    let worst = Number.POSITIVE_INFINITY;
    for (let k = 0; k < r.count; k++) {
      let nn = 0;
      for (let i = 0; i < 60; i++) nn += r.samples[k * 60 + i]! ** 2;
      expect(nn).toBeCloseTo(1, 12);
      for (let mu = 0; mu < inst.p; mu++) {
        let z = 0;
        let xx = 0;
        for (let i = 0; i < 60; i++) {
          const x = inst.inputs[mu * 60 + i]!;
          z += x * r.samples[k * 60 + i]!;
          xx += x * x;
        }
        worst = Math.min(worst, (inst.labels[mu]! * z) / Math.sqrt(xx));
      }
    }
    // round-off only: the sampler throws below −1e−9
    expect(worst).toBeGreaterThan(-1e-12);
  });

  it('the same seed gives identical output; another seed does not', () => {
    const inst = perceptronInstance({ n: 30, alpha: 2, seed: 8 });
    const a = sampleVersionSpace(inst, { samples: 20, burnIn: 3, thin: 2, seed: 5 });
    const b = sampleVersionSpace(inst, { samples: 20, burnIn: 3, thin: 2, seed: 5 });
    const c = sampleVersionSpace(inst, { samples: 20, burnIn: 3, thin: 2, seed: 6 });
    expect(a.samples).toEqual(b.samples);
    expect(a.diagnostics).toEqual(b.diagnostics);
    expect(a.samples).not.toEqual(c.samples);
    const o = { n: 40, alpha: 1.5, trials: 2, samples: 10, burnIn: 2, seed: 3 };
    const s1 = gibbsStudentSimulation(o);
    const s2 = gibbsStudentSimulation(o);
    expect(s1).toEqual(s2);
    // trial t depends on (seed, t) only: trial 0 of a 1-trial run is trial 0 of the 2-trial run
    const s3 = gibbsStudentSimulation({ ...o, trials: 1 });
    expect(s3.gibbs.perTrial[0]).toBe(s1.gibbs.perTrial[0]);
  });

  it('a start at the teacher and the perceptron start agree after a short burn-in', () => {
    // the overlap's autocorrelation dies within ~1 trajectory at N = 100 (measured lag-1 ≈ −0.27
    // at α = 3), so 5 burn-in trajectories remove the start; paired over 12 instances, 4σ
    const d = new Float64Array(12);
    for (let s = 0; s < 12; s++) {
      const inst = perceptronInstance({ n: 80, alpha: 2, seed: 50 + s });
      const tn = Math.hypot(...inst.teacher);
      const r = (start?: Float64Array) => {
        const out = sampleVersionSpace(inst, { samples: 30, burnIn: 5, seed: s, ...(start && { start }) });
        let sum = 0;
        for (let k = 0; k < 30; k++) for (let i = 0; i < 80; i++) sum += out.samples[k * 80 + i]! * inst.teacher[i]!;
        return sum / (30 * tn);
      };
      d[s] = r(inst.teacher) - r();
    }
    const e = meanStderr(d);
    expect(Math.abs(e.mean)).toBeLessThan(4 * e.stderr);
  });
});

describe('gibbsStudentSimulation against the replica theory', () => {
  // Measured finite-size shifts of R (trial means, K = 100, burnIn = 10; theory at α = P/N):
  // α = 1: +0.006 (N = 50), +0.0045 (N = 100), +0.002 (N = 200); α = 3: +0.001 (N = 50), all
  // within ~1.5σ of zero beyond N = 50 — an O(1/N) effect. Allowance 0.5/N on top of 4σ.
  const cases = [
    { n: 160, alpha: 1, trials: 16 },
    { n: 100, alpha: 3, trials: 16 },
  ];
  for (const c of cases) {
    it(`N = ${c.n}, α = ${c.alpha}: Gibbs R and Bayes R (K → ∞) match gibbsOverlap and bayesOverlap`, () => {
      const r = gibbsStudentSimulation({ ...c, samples: 100, burnIn: 10, seed: 2024 });
      const allow = 0.5 / c.n;
      expect(r.alpha).toBe(Math.round(c.alpha * c.n) / c.n);
      expect(r.theory.gibbs.overlap).toBe(gibbsOverlap(r.alpha));
      expect(r.theory.bayes.overlap).toBe(bayesOverlap(r.alpha));
      const g = r.gibbs.overlap;
      const b = r.bayes.overlap;
      expect(Math.abs(g.mean - r.theory.gibbs.overlap)).toBeLessThan(4 * g.stderr + allow);
      expect(Math.abs(b.mean - r.theory.bayes.overlap)).toBeLessThan(4 * b.stderr + allow);
      // ε_g = arccos(R)/π: dε/dR = −1/(π√(1 − R²)) turns the allowance on R into one on ε
      const ge = r.gibbs.error;
      const be = r.bayes.error;
      const dg = allow / (Math.PI * Math.sqrt(1 - r.theory.gibbs.overlap ** 2));
      const db = allow / (Math.PI * Math.sqrt(1 - r.theory.bayes.overlap ** 2));
      expect(Math.abs(ge.mean - r.theory.gibbs.error)).toBeLessThan(4 * ge.stderr + dg);
      expect(Math.abs(be.mean - r.theory.bayes.error)).toBeLessThan(4 * be.stderr + db);
      // Nishimori: two version-space samples overlap as much as one overlaps the teacher (q = R)
      const diff = r.selfOverlap.perTrial.map((q, t) => q - r.gibbs.perTrial[t]!);
      const dq = meanStderr(diff);
      expect(Math.abs(dq.mean)).toBeLessThan(4 * dq.stderr + allow);
      // Bayes beats Gibbs in every trial; the ratio of the errors matches the theory's (4σ)
      for (let t = 0; t < c.trials; t++) expect(r.bayes.perTrial[t]!).toBeGreaterThan(r.gibbs.perTrial[t]!);
      const ratio = meanStderr(r.gibbs.perTrial.map((x, t) => Math.acos(x) / Math.acos(r.bayes.perTrial[t]!)));
      const theoryRatio = r.theory.gibbs.error / r.theory.bayes.error;
      expect(theoryRatio).toBeGreaterThan(1);
      expect(theoryRatio).toBeLessThan(2);
      expect(Math.abs(ratio.mean - theoryRatio)).toBeLessThan(4 * ratio.stderr + 0.02);
      // the K-sample centre of mass falls short: R_K = R_∞ √(q/(q + (1 − q)/K)) for independent
      // samples; the chain's samples are nearly so (lag-1 autocorrelation ≤ 0), so the measured
      // shortfall must be positive and within a factor 2 of that prediction
      let shortfall = 0;
      let predicted = 0;
      for (let t = 0; t < c.trials; t++) {
        const q = r.selfOverlap.perTrial[t]!;
        const rInf = r.bayes.perTrial[t]!;
        shortfall += (rInf - r.bayesFinite.perTrial[t]!) / c.trials;
        predicted += (rInf * (1 - Math.sqrt(q / (q + (1 - q) / r.samples)))) / c.trials;
      }
      expect(shortfall).toBeGreaterThan(predicted / 2);
      expect(shortfall).toBeLessThan(predicted * 2);
      expect(r.diagnostics.trajectories).toBe(c.trials * 110);
    });
  }

  it('theory: ε_Gibbs/ε_Bayes rises from α = 1 to α = 3 and approaches √2 at large α', () => {
    const ratio = (a: number) => Math.acos(gibbsOverlap(a)) / Math.acos(bayesOverlap(a));
    expect(ratio(3)).toBeGreaterThan(ratio(1));
    expect(Math.abs(ratio(200) - Math.SQRT2)).toBeLessThan(0.01);
  });
});

describe('bad input', () => {
  const inst = perceptronInstance({ n: 10, alpha: 1, seed: 1 });
  const ok = { samples: 2, burnIn: 0, seed: 1 };
  it('sampleVersionSpace names the argument', () => {
    expect(() => sampleVersionSpace(inst, { ...ok, samples: 0 })).toThrow(
      new RangeError('samples: expected an integer ≥ 1, got 0'),
    );
    expect(() => sampleVersionSpace(inst, { ...ok, burnIn: -1 })).toThrow(/^burnIn:/);
    expect(() => sampleVersionSpace(inst, { ...ok, thin: 0 })).toThrow(/^thin:/);
    expect(() => sampleVersionSpace(inst, { ...ok, travelTime: 0 })).toThrow(/^travelTime:/);
    expect(() => sampleVersionSpace(inst, { ...ok, jitter: 1 })).toThrow(/^jitter:/);
    expect(() => sampleVersionSpace(inst, { ...ok, stream: -1 })).toThrow(/^stream:/);
    expect(() => sampleVersionSpace(inst, { ...ok, seed: undefined as unknown as number })).toThrow(/^seed:/);
    expect(() => sampleVersionSpace({ ...inst, p: 11 }, ok)).toThrow(/^problem.inputs:/);
    expect(() => sampleVersionSpace({ ...inst, labels: new Int8Array(10) }, ok)).toThrow(/^problem.labels:/);
    expect(() => sampleVersionSpace(inst, { ...ok, start: new Float64Array(9) })).toThrow(/^start:/);
    const flipped = inst.teacher.map((x) => -x);
    expect(() => sampleVersionSpace(inst, { ...ok, start: flipped })).toThrow(/^start: violates/);
    // contradictory labels (x and −x both labelled +1): the version space is empty
    const bad = { n: 2, p: 2, inputs: [1, 0, -1, 0], labels: [1, 1] };
    expect(() => sampleVersionSpace(bad, ok)).toThrow(/^problem: the perceptron algorithm/);
  });
  it('gibbsStudentSimulation names the argument', () => {
    const o = { n: 10, alpha: 1, trials: 1, samples: 4, burnIn: 0, seed: 1 };
    expect(() => gibbsStudentSimulation({ ...o, n: 0 })).toThrow(new RangeError('n: expected an integer ≥ 1, got 0'));
    expect(() => gibbsStudentSimulation({ ...o, alpha: -1 })).toThrow(/^alpha:/);
    expect(() => gibbsStudentSimulation({ ...o, alpha: 0.01 })).toThrow(/^alpha:/);
    expect(() => gibbsStudentSimulation({ ...o, trials: 0 })).toThrow(/^trials:/);
    expect(() => gibbsStudentSimulation({ ...o, samples: 1 })).toThrow(/^samples:/);
    expect(() => gibbsStudentSimulation({ ...o, burnIn: 1.5 })).toThrow(/^burnIn:/);
  });
});
