import { describe, expect, it } from 'vitest';
import { marchenkoPasturStieltjes, ridgeEstimator, ridgeOptimalLambda, ridgeRisk, ridgeSimulation } from './ridge';

/** ∫ dμ_γ(s)/(s + λ) by the midpoint rule on the Marchenko–Pastur density (plus the atom at 0 for γ > 1). */
function mpStieltjesNumeric(gamma: number, lambda: number): number {
  const a = (1 - Math.sqrt(gamma)) ** 2;
  const b = (1 + Math.sqrt(gamma)) ** 2;
  const n = 200_000;
  let s = 0;
  for (let k = 0; k < n; k++) {
    const t = a + ((b - a) * (k + 0.5)) / n;
    s += (Math.sqrt((b - t) * (t - a)) / (2 * Math.PI * gamma * t) / (t + lambda)) * ((b - a) / n);
  }
  return s + (gamma > 1 ? (1 - 1 / gamma) / lambda : 0);
}

describe('marchenkoPasturStieltjes', () => {
  it('matches the integral of the Marchenko–Pastur density on both sides of γ = 1', () => {
    for (const [g, l] of [
      [0.5, 0.3],
      [0.2, 2],
      [2, 0.1],
      [3, 2],
    ] as const)
      expect(Math.abs(marchenkoPasturStieltjes(g, l) - mpStieltjesNumeric(g, l))).toBeLessThan(1e-6);
  });

  it('solves γλm² + (1 − γ + λ)m − 1 = 0, → 1/(1 − γ) as λ → 0 for γ < 1, ~ 1/λ as λ → ∞', () => {
    for (const g of [0.1, 0.9, 1, 1.1, 5])
      for (const l of [1e-6, 0.01, 1, 100]) {
        const m = marchenkoPasturStieltjes(g, l);
        expect(Math.abs(g * l * m * m + (1 - g + l) * m - 1)).toBeLessThan(1e-9 * Math.max(1, g * l * m * m));
      }
    expect(marchenkoPasturStieltjes(0.5, 0)).toBe(2);
    expect(marchenkoPasturStieltjes(0.5, 1e-12)).toBeCloseTo(2, 9);
    expect(marchenkoPasturStieltjes(0.5, 1e8) * 1e8).toBeCloseTo(1, 6);
  });

  it('refuses bad γ and λ, and λ = 0 for γ ≥ 1', () => {
    expect(() => marchenkoPasturStieltjes(0, 1)).toThrow(/gamma/);
    expect(() => marchenkoPasturStieltjes(1, -1)).toThrow(/lambda/);
    expect(() => marchenkoPasturStieltjes(1, 0)).toThrow(/lambda/);
  });
});

describe('ridgeRisk (theory)', () => {
  it('gives the ridgeless (min-norm) limits: Δ/(α − 1) for α > 1, (1 − α) + Δα/(1 − α) for α < 1', () => {
    for (const noise of [0, 0.1, 1])
      for (const alpha of [0.2, 0.5, 0.9, 1.1, 2, 4]) {
        const exact = alpha > 1 ? noise / (alpha - 1) : 1 - alpha + (noise * alpha) / (1 - alpha);
        const r0 = ridgeRisk({ alpha, lambda: 0, noise });
        expect(r0.excess).toBeCloseTo(exact, 14);
        expect(r0.testError).toBeCloseTo(exact + noise, 14);
        // λ → 0⁺ is continuous with λ = 0
        expect(Math.abs(ridgeRisk({ alpha, lambda: 1e-12, noise }).excess - exact)).toBeLessThan(1e-7);
      }
  });

  it('diverges at the interpolation threshold α = 1 as λ → 0 when Δ > 0', () => {
    expect(ridgeRisk({ alpha: 1, lambda: 0, noise: 0.5 }).testError).toBe(Number.POSITIVE_INFINITY);
    const small = [1e-2, 1e-4, 1e-6].map((lambda) => ridgeRisk({ alpha: 1, lambda, noise: 0.5 }).excess);
    expect(small[1]!).toBeGreaterThan(5 * small[0]!);
    expect(small[2]!).toBeGreaterThan(5 * small[1]!);
    // at α = 1 the variance grows like Δ/(2√λ) (m(−λ) ~ 1/√λ for γ = 1)
    expect(small[2]! * Math.sqrt(1e-6)).toBeCloseTo(0.25, 2);
    // and the ridgeless curve peaks there
    const at = (alpha: number) => ridgeRisk({ alpha, lambda: 1e-6, noise: 0.5 }).testError;
    expect(at(1)).toBeGreaterThan(at(0.9));
    expect(at(1)).toBeGreaterThan(at(1.1));
  });

  it('tends to the null estimator (excess 1) as λ → ∞ or α = 0, and to the Bayes error Δ as α → ∞', () => {
    for (const alpha of [0.3, 1, 3]) expect(ridgeRisk({ alpha, lambda: 1e9, noise: 0.4 }).excess).toBeCloseTo(1, 6);
    expect(ridgeRisk({ alpha: 0, lambda: 0.1, noise: 0.4 })).toEqual({
      testError: 1.4,
      excess: 1,
      bias: 1,
      variance: 0,
    });
    for (const lambda of [0, 0.1, 1]) {
      const r = ridgeRisk({ alpha: 1e6, lambda, noise: 0.4 });
      expect(r.excess).toBeLessThan(1e-5);
      expect(r.testError).toBeCloseTo(0.4, 5);
    }
  });

  it('splits into a Δ-independent bias and a variance proportional to Δ', () => {
    for (const alpha of [0.5, 1, 2])
      for (const lambda of [0.01, 0.3]) {
        const a = ridgeRisk({ alpha, lambda, noise: 0.2 });
        const b = ridgeRisk({ alpha, lambda, noise: 0.6 });
        expect(b.bias).toBe(a.bias);
        expect(b.variance / a.variance).toBeCloseTo(3, 12);
        expect(ridgeRisk({ alpha, lambda, noise: 0 }).variance).toBe(0);
      }
  });

  it('is minimized over λ at λ* = Δ (numerical check), where the peak at α = 1 is gone', () => {
    for (const noise of [0.1, 0.5, 2])
      for (const alpha of [0.3, 0.8, 1, 1.5, 4]) {
        // golden-section search on log λ
        const f = (u: number) => ridgeRisk({ alpha, lambda: Math.exp(u), noise }).excess;
        let lo = Math.log(1e-6);
        let hi = Math.log(1e3);
        const g = (Math.sqrt(5) - 1) / 2;
        for (let k = 0; k < 120; k++) {
          const a = hi - g * (hi - lo);
          const b = lo + g * (hi - lo);
          if (f(a) < f(b)) hi = b;
          else lo = a;
        }
        expect(Math.exp((lo + hi) / 2) / ridgeOptimalLambda(noise)).toBeCloseTo(1, 4);
      }
    const noise = 0.5;
    let prev = Number.POSITIVE_INFINITY;
    for (let alpha = 0; alpha <= 5; alpha += 0.05) {
      const e = ridgeRisk({ alpha, lambda: ridgeOptimalLambda(noise), noise }).testError;
      expect(e).toBeLessThan(prev);
      prev = e;
    }
  });

  it('refuses bad arguments by name', () => {
    expect(() => ridgeRisk({ alpha: -1, lambda: 0, noise: 0 })).toThrow(/alpha/);
    expect(() => ridgeRisk({ alpha: 1, lambda: Number.NaN, noise: 0 })).toThrow(/lambda/);
    expect(() => ridgeRisk({ alpha: 1, lambda: 0, noise: -0.1 })).toThrow(/noise/);
    expect(() => ridgeOptimalLambda(-1)).toThrow(/noise/);
  });
});

describe('ridgeEstimator', () => {
  function data(p: number, d: number, seed: number) {
    let s = seed;
    const rnd = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648 - 0.5;
    };
    return { x: Float64Array.from({ length: p * d }, rnd), y: Float64Array.from({ length: p }, rnd) };
  }

  it('zeroes the gradient Xᵀ(Xw/√D − y)/√D + λw on both sides of P = D', () => {
    for (const [p, d] of [
      [30, 12],
      [12, 30],
    ] as const) {
      const { x, y } = data(p, d, p * 31 + d);
      const lambda = 0.07;
      const w = ridgeEstimator(x, y, { d, lambda });
      const grad = new Float64Array(d);
      for (let mu = 0; mu < p; mu++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += x[mu * d + i]! * w[i]!;
        const r = s / Math.sqrt(d) - y[mu]!;
        for (let i = 0; i < d; i++) grad[i] = grad[i]! + (x[mu * d + i]! * r) / Math.sqrt(d);
      }
      for (let i = 0; i < d; i++) expect(Math.abs(grad[i]! + lambda * w[i]!)).toBeLessThan(1e-10);
    }
  });

  it('at λ = 0 and P < D interpolates the labels with the minimum norm (w in the row space of X)', () => {
    const p = 8;
    const d = 20;
    const { x, y } = data(p, d, 5);
    const w = ridgeEstimator(x, y, { d, lambda: 0 });
    for (let mu = 0; mu < p; mu++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += x[mu * d + i]! * w[i]!;
      expect(s / Math.sqrt(d)).toBeCloseTo(y[mu]!, 10);
    }
    // the solution of the λ → 0⁺ limit on the D×D side agrees
    const w2 = ridgeEstimator(x, y, { d, lambda: 1e-9 });
    for (let i = 0; i < d; i++) expect(w2[i]!).toBeCloseTo(w[i]!, 6);
  });

  it('refuses bad shapes and values', () => {
    expect(() => ridgeEstimator([1, 2, 3], [1, 2], { d: 2, lambda: 0 })).toThrow(/x/);
    expect(() => ridgeEstimator([1, 2, 3, 4], [1, Number.NaN], { d: 2, lambda: 0 })).toThrow(/y/);
    expect(() => ridgeEstimator([1, 2, 3, 4], [1, 2], { d: 2, lambda: -1 })).toThrow(/lambda/);
    expect(() => ridgeEstimator([1, 2, 3, 4], [1, 2], { d: 0, lambda: 0 })).toThrow(/d/);
  });
});

describe('ridgeSimulation vs theory', () => {
  // Finite-D fluctuations: the excess risk of one instance has relative standard deviation
  // O(1/√D) (≈ 10% at D = 200); averaged over 3 seeds × 4 trials the mean is within ~3% of the
  // D → ∞ value, and the test asks for 10% (α ≠ 1) / 12% (α = 1).
  it('matches ridgeRisk within 10% at D = 200 (3 seeds × 4 trials), ridgeless-ish and at λ* = Δ', () => {
    const noise = 0.5;
    for (const lambda of [0.01, noise])
      for (const alpha of [0.5, 1.5, 3]) {
        let sum = 0;
        for (const seed of [1, 2, 3])
          sum += ridgeSimulation({ d: 200, alpha, lambda, noise, trials: 4, seed }).testError;
        const th = ridgeRisk({ alpha, lambda, noise }).testError;
        expect(Math.abs(sum / 3 - th) / th, `α = ${alpha}, λ = ${lambda}`).toBeLessThan(0.1);
      }
  });

  it('matches at the threshold α = 1 for λ* = Δ at D = 400 (no peak) and shows the peak at λ = 0.01', () => {
    const noise = 0.5;
    const opt = ridgeSimulation({ d: 400, alpha: 1, lambda: noise, noise, trials: 3, seed: 4 });
    expect(Math.abs(opt.testError - opt.theory.testError) / opt.theory.testError).toBeLessThan(0.06);
    const peak = ridgeSimulation({ d: 200, alpha: 1, lambda: 0.01, noise, trials: 6, seed: 4 });
    expect(Math.abs(peak.testError - peak.theory.testError) / peak.theory.testError).toBeLessThan(0.12);
    expect(peak.testError).toBeGreaterThan(2 * opt.testError);
  });

  it('is reproducible and independent of the number of trials (trial t = stream t)', () => {
    const a = ridgeSimulation({ d: 30, alpha: 2, lambda: 0.1, noise: 0.3, trials: 2, seed: 9 });
    const b = ridgeSimulation({ d: 30, alpha: 2, lambda: 0.1, noise: 0.3, trials: 5, seed: 9 });
    expect(Array.from(b.perTrial.subarray(0, 2))).toEqual(Array.from(a.perTrial));
    expect(ridgeSimulation({ d: 30, alpha: 2, lambda: 0.1, noise: 0.3, trials: 2, seed: 9 })).toEqual(a);
    expect(a.samples).toBe(60);
    expect(b.stderr).toBeGreaterThan(0);
  });

  it('refuses bad options by name, and λ = 0 exactly at P = D', () => {
    const base = { d: 10, alpha: 2, lambda: 0.1, noise: 0.1, trials: 1, seed: 1 };
    expect(() => ridgeSimulation({ ...base, d: 0 })).toThrow(/d/);
    expect(() => ridgeSimulation({ ...base, trials: 0 })).toThrow(/trials/);
    expect(() => ridgeSimulation({ ...base, alpha: Number.POSITIVE_INFINITY })).toThrow(/alpha/);
    expect(() => ridgeSimulation({ ...base, alpha: 1, lambda: 0 })).toThrow(/lambda/);
  });
});
