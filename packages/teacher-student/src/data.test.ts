import { erf } from '@replica/spin-core/math';
import { describe, expect, it } from 'vitest';
import type { InputModel, TeacherModel } from './data';
import { activationFunction, teacherStudentTask } from './data';

const gaussian: InputModel = { kind: 'gaussian' };
const perceptron: TeacherModel = { kind: 'perceptron' };

/** Mean and unbiased variance of v. */
function moments(v: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  const mean = s / v.length;
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += (v[i]! - mean) ** 2;
  return { mean, variance: ss / (v.length - 1) };
}

/** The teacher's local fields h_m = w*_m·u/√dim(u) of row mu, recomputed from the weights. */
function fields(w: Float64Array, u: Float64Array, mu: number, dim: number, transform = (c: number) => c): number[] {
  const out: number[] = [];
  for (let m = 0; m < w.length / dim; m++) {
    let h = 0;
    for (let i = 0; i < dim; i++) h += w[m * dim + i]! * transform(u[mu * dim + i]!);
    out.push(h / Math.sqrt(dim));
  }
  return out;
}

describe('teacherStudentTask: reproducibility', () => {
  it('the same (seed, stream) gives the same sample; other streams and seeds differ', () => {
    const a = teacherStudentTask({ n: 30, inputs: gaussian, teacher: perceptron, seed: 7 });
    const b = teacherStudentTask({ n: 30, inputs: gaussian, teacher: perceptron, seed: 7 });
    expect(a.draw(20, 3).x).toEqual(b.draw(20, 3).x);
    expect(a.draw(20, 3).y).toEqual(b.draw(20, 3).y);
    expect(a.draw(20, 4).x).not.toEqual(a.draw(20, 3).x);
    const c = teacherStudentTask({ n: 30, inputs: gaussian, teacher: perceptron, seed: 8 });
    expect(c.teacherWeights).not.toEqual(a.teacherWeights);
  });
  it('a draw of P rows is the first P rows of a longer draw for i.i.d. inputs without label noise', () => {
    // Inputs come first, row-major, so a prefix of the stream is a prefix of the sample.
    const t = teacherStudentTask({ n: 10, inputs: gaussian, teacher: perceptron, seed: 1 });
    const short = t.draw(5, 0);
    const long = t.draw(9, 0);
    expect(short.x).toEqual(long.x.subarray(0, 50));
    expect(short.y).toEqual(long.y.subarray(0, 5));
  });
});

describe('teacherStudentTask: inputs', () => {
  it('Gaussian inputs have mean 0 and variance 1 (4σ)', () => {
    const { x } = teacherStudentTask({ n: 50, inputs: gaussian, teacher: perceptron, seed: 2 }).draw(400, 0);
    const { mean, variance } = moments(x);
    const m = x.length;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(m));
    // Var of the sample variance of N(0,1) is 2/(m−1).
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / (m - 1)));
  });
  it('±1 inputs are exactly ±1 and balanced (4σ)', () => {
    const { x } = teacherStudentTask({ n: 64, inputs: { kind: 'spin' }, teacher: perceptron, seed: 3 }).draw(300, 0);
    let s = 0;
    for (const v of x) {
      expect(v === 1 || v === -1).toBe(true);
      s += v;
    }
    expect(Math.abs(s / x.length)).toBeLessThan(4 / Math.sqrt(x.length));
  });
  it('two-block inputs have σ_s² on the first round(φN) coordinates and σ_w² on the rest (4σ)', () => {
    const n = 40;
    const inputs: InputModel = { kind: 'two-block', salientFraction: 0.3, salientVariance: 4, weakVariance: 0.25 };
    const { x } = teacherStudentTask({ n, inputs, teacher: perceptron, seed: 4 }).draw(2000, 0);
    const split = Math.round(0.3 * n);
    const salient: number[] = [];
    const weak: number[] = [];
    for (let k = 0; k < x.length; k++) (k % n < split ? salient : weak).push(x[k]!);
    for (const [v, s2] of [
      [salient, 4],
      [weak, 0.25],
    ] as const) {
      const { variance } = moments(v);
      expect(Math.abs(variance / s2 - 1)).toBeLessThan(4 * Math.sqrt(2 / (v.length - 1)));
    }
  });
  it('hidden manifold: x = f(Fᵀc/√D) recomputed from F and c, c ∈ {0,1}ᴰ by default', () => {
    const n = 12;
    const D = 5;
    for (const activation of ['linear', 'tanh', 'sign'] as const) {
      const t = teacherStudentTask({
        n,
        inputs: { kind: 'hidden-manifold', latentDim: D, activation },
        teacher: perceptron,
        seed: 5,
      });
      expect(t.teacherDim).toBe(D);
      const { x, latent } = t.draw(30, 1);
      const c = latent as Float64Array;
      const F = t.features as Float64Array;
      const f = activationFunction(activation);
      for (const v of c) expect(v === 0 || v === 1).toBe(true);
      for (let mu = 0; mu < 30; mu++)
        for (let i = 0; i < n; i++) {
          let pre = 0;
          for (let r = 0; r < D; r++) pre += c[mu * D + r]! * F[r * n + i]!;
          expect(x[mu * n + i]).toBeCloseTo(f(pre / Math.sqrt(D)), 12);
        }
    }
  });
  it('hidden manifold: the teacher reads the standardized latent 2c − 1, never x', () => {
    const D = 9;
    const t = teacherStudentTask({
      n: 20,
      inputs: { kind: 'hidden-manifold', latentDim: D },
      teacher: perceptron,
      seed: 6,
    });
    const { y, latent } = t.draw(200, 0);
    for (let mu = 0; mu < 200; mu++) {
      const [h] = fields(t.teacherWeights, latent as Float64Array, mu, D, (c) => 2 * c - 1);
      expect(y[mu]).toBe(h! >= 0 ? 1 : -1);
    }
  });
  it('Gaussian and ±1 latents are drawn as asked', () => {
    const g = teacherStudentTask({
      n: 4,
      inputs: { kind: 'hidden-manifold', latentDim: 50, latent: 'gaussian' },
      teacher: perceptron,
      seed: 1,
    }).draw(100, 0).latent as Float64Array;
    expect(Math.abs(moments(g).variance - 1)).toBeLessThan(4 * Math.sqrt(2 / (g.length - 1)));
    const s = teacherStudentTask({
      n: 4,
      inputs: { kind: 'hidden-manifold', latentDim: 50, latent: 'spin' },
      teacher: perceptron,
      seed: 1,
    }).draw(10, 0).latent as Float64Array;
    for (const v of s) expect(Math.abs(v)).toBe(1);
  });
});

describe('teacherStudentTask: teachers', () => {
  it('the noiseless perceptron labels are sgn(w*·x/√N); flips happen at rate Δ (binomial 4σ)', () => {
    const n = 25;
    const flip = 0.2;
    const clean = teacherStudentTask({ n, inputs: gaussian, teacher: perceptron, seed: 9 });
    const noisy = teacherStudentTask({ n, inputs: gaussian, teacher: { kind: 'perceptron', flip }, seed: 9 });
    const p = 4000;
    const a = clean.draw(p, 0);
    const b = noisy.draw(p, 0);
    expect(b.x).toEqual(a.x);
    let flips = 0;
    for (let mu = 0; mu < p; mu++) {
      const [h] = fields(clean.teacherWeights, a.x, mu, n);
      expect(a.y[mu]).toBe(h! >= 0 ? 1 : -1);
      if (b.y[mu] !== a.y[mu]) flips++;
    }
    expect(Math.abs(flips / p - flip)).toBeLessThan(4 * Math.sqrt((flip * (1 - flip)) / p));
  });
  it('the linear teacher adds noise of variance Δ (4σ)', () => {
    const n = 20;
    const noise = 0.7;
    const t = teacherStudentTask({ n, inputs: gaussian, teacher: { kind: 'linear', noise }, seed: 10 });
    const p = 4000;
    const { x, y } = t.draw(p, 2);
    const r = new Float64Array(p);
    for (let mu = 0; mu < p; mu++) r[mu] = y[mu]! - fields(t.teacherWeights, x, mu, n)[0]!;
    const { mean, variance } = moments(r);
    expect(Math.abs(mean)).toBeLessThan(4 * Math.sqrt(noise / p));
    expect(Math.abs(variance / noise - 1)).toBeLessThan(4 * Math.sqrt(2 / (p - 1)));
  });
  it('the committee teacher is Σ_m erf(h_m/√2), with Var y from the arcsine law (4σ)', () => {
    const n = 60;
    const M = 3;
    const t = teacherStudentTask({ n, inputs: gaussian, teacher: { kind: 'committee', hidden: M }, seed: 11 });
    const p = 6000;
    const { x, y } = t.draw(p, 0);
    for (let mu = 0; mu < 50; mu++) {
      const h = fields(t.teacherWeights, x, mu, n);
      expect(y[mu]).toBeCloseTo(
        h.reduce((s, v) => s + erf(v / Math.SQRT2), 0),
        12,
      );
    }
    // E[g(h_m)g(h_k)] = (2/π) arcsin(T_mk/√((1+T_mm)(1+T_kk))) for g(u) = erf(u/√2), T = W Wᵀ/N.
    const w = t.teacherWeights;
    const T = (a: number, b: number) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += w[a * n + i]! * w[b * n + i]!;
      return s / n;
    };
    let exact = 0;
    for (let a = 0; a < M; a++)
      for (let b = 0; b < M; b++)
        exact += (2 / Math.PI) * Math.asin(T(a, b) / Math.sqrt((1 + T(a, a)) * (1 + T(b, b))));
    const m2 = y.reduce((s, v) => s + v * v, 0) / p;
    let m4 = 0;
    for (const v of y) m4 += v ** 4;
    m4 /= p;
    // The mean of y² has standard error √((E y⁴ − (E y²)²)/P).
    expect(Math.abs(m2 - exact)).toBeLessThan(4 * Math.sqrt((m4 - m2 * m2) / p));
  });
  it('the random two-layer teacher is Σ_m v_m g(h_m)/√M · (sign, with flips)', () => {
    const n = 15;
    const t = teacherStudentTask({
      n,
      inputs: gaussian,
      teacher: { kind: 'two-layer', hidden: 4, activation: 'tanh' },
      seed: 12,
    });
    const v = t.secondLayer as Float64Array;
    expect(v.length).toBe(4);
    expect(t.classification).toBe(false);
    const { x, y } = t.draw(40, 0);
    for (let mu = 0; mu < 40; mu++) {
      const h = fields(t.teacherWeights, x, mu, n);
      expect(y[mu]).toBeCloseTo(
        h.reduce((s, hm, m) => s + v[m]! * Math.tanh(hm), 0),
        12,
      );
    }
    const s = teacherStudentTask({
      n,
      inputs: gaussian,
      teacher: { kind: 'two-layer', hidden: 4, activation: 'tanh', output: 'sign' },
      seed: 12,
    });
    expect(s.classification).toBe(true);
    const ys = s.draw(40, 0).y;
    for (let mu = 0; mu < 40; mu++) expect(ys[mu]).toBe(y[mu]! >= 0 ? 1 : -1);
  });
});

describe('teacherStudentTask: bad input', () => {
  const ok = { n: 5, inputs: gaussian, teacher: perceptron, seed: 1 };
  it('names the offending field', () => {
    expect(() => teacherStudentTask({ ...ok, n: 0 })).toThrow(/^n: expected an integer ≥ 1/);
    expect(() => teacherStudentTask({ ...ok, teacher: { kind: 'perceptron', flip: 0.5 } })).toThrow(/teacher\.flip/);
    expect(() => teacherStudentTask({ ...ok, teacher: { kind: 'linear', noise: -1 } })).toThrow(/teacher\.noise/);
    expect(() => teacherStudentTask({ ...ok, teacher: { kind: 'committee', hidden: 0 } })).toThrow(/teacher\.hidden/);
    expect(() =>
      teacherStudentTask({ ...ok, teacher: { kind: 'two-layer', hidden: 2, output: 'sign', noise: 0.1 } }),
    ).toThrow(/teacher\.noise/);
    expect(() =>
      teacherStudentTask({ ...ok, teacher: { kind: 'two-layer', hidden: 2, activation: 'cube' as never } }),
    ).toThrow(/activation/);
    expect(() =>
      teacherStudentTask({
        ...ok,
        inputs: { kind: 'two-block', salientFraction: 1, salientVariance: 1, weakVariance: 1 },
      }),
    ).toThrow(/inputs\.salientFraction: expected a finite number in \(0, 1\)/);
    expect(() =>
      teacherStudentTask({
        ...ok,
        inputs: { kind: 'two-block', salientFraction: 0.5, salientVariance: 0, weakVariance: 1 },
      }),
    ).toThrow(/inputs\.salientVariance/);
    expect(() => teacherStudentTask({ ...ok, inputs: { kind: 'hidden-manifold', latentDim: 0 } })).toThrow(
      /inputs\.latentDim/,
    );
    expect(() =>
      teacherStudentTask({ ...ok, inputs: { kind: 'hidden-manifold', latentDim: 2, latent: 'uniform' as never } }),
    ).toThrow(/inputs\.latent/);
    expect(() => teacherStudentTask({ ...ok, inputs: { kind: 'cauchy' } as never })).toThrow(/inputs\.kind/);
    expect(() => teacherStudentTask({ ...ok, teacher: { kind: 'oracle' } as never })).toThrow(/teacher\.kind/);
    expect(() => teacherStudentTask({ ...ok, seed: undefined as never })).toThrow(/seed/);
    const t = teacherStudentTask(ok);
    expect(() => t.draw(-1, 0)).toThrow(/samples/);
    expect(() => t.draw(3, 2 ** 32 - 1)).toThrow(/stream/);
    expect(() => t.draw(3, 0.5)).toThrow(/stream/);
  });
});
