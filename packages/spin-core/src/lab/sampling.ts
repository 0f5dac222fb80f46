/**
 * `sampling`: the kernel demo. Draws normal, uniform and Bernoulli variates with
 * the compute layer's Philox kernels on the chosen backend and sets them beside
 * their exact distributions: a histogram against φ(x) with a χ² statistic, a
 * Kolmogorov–Smirnov test of the uniforms, and Bernoulli frequencies against p.
 * @module
 */
import { defineExperiment, seriesFigure, UsageError } from '@replica/lab-kit';
import { bernoulli, normal, uniform } from '@replica/webgpu-kernels';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const phi = (x: number) => Math.exp(-0.5 * x * x) / SQRT_2PI;

/** ∫_a^b φ(x) dx by composite Simpson's rule (64 panels: error < 1e-12 per unit-width bin). */
function normalMass(a: number, b: number): number {
  const m = 64;
  const h = (b - a) / m;
  let s = phi(a) + phi(b);
  for (let i = 1; i < m; i++) s += (i % 2 === 1 ? 4 : 2) * phi(a + i * h);
  return (s * h) / 3;
}

/**
 * The asymptotic Kolmogorov–Smirnov p-value P(D_n > d) ≈ Q(λ), λ = (√n + 0.12 + 0.11/√n)·d,
 * Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}.
 * @param d - the KS distance sup|F_n − F|
 * @param n - the sample size
 * @returns the approximate p-value
 * @see M. A. Stephens, "Use of the Kolmogorov–Smirnov, Cramér–von Mises and related statistics without extensive tables", JRSS B 32 (1970).
 */
export function kolmogorovPValue(d: number, n: number): number {
  const sn = Math.sqrt(n);
  const lambda = (sn + 0.12 + 0.11 / sn) * d;
  if (lambda < 0.2) return 1;
  let q = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    q += (k % 2 === 1 ? 2 : -2) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, q));
}

/** `sampling`: the sampling kernels beside their exact distributions. */
export const samplingExperiment = defineExperiment({
  name: 'sampling',
  summary:
    'Philox sampling kernels beside their exact distributions (normal histogram vs φ, uniform KS test, Bernoulli vs p)',
  params: [
    {
      name: 'samples',
      kind: 'int',
      default: 1_000_000,
      min: 1000,
      max: 1 << 26,
      help: 'normal and uniform variates to draw',
    },
    { name: 'bins', kind: 'int', default: 40, min: 4, max: 400, help: 'histogram bins on [-5, 5]' },
    {
      name: 'bernoulli-samples',
      kind: 'int',
      default: 100_000,
      min: 100,
      max: 1 << 22,
      help: 'draws per probability p',
    },
  ],
  tour: {},
  async run(ctx, values) {
    const n = values.samples;
    const bins = values.bins;
    const m = values['bernoulli-samples'];
    const be = ctx.backend;
    if (n < 20 * bins)
      throw new UsageError(`--samples: need at least 20 per bin (${20 * bins} for --bins ${bins}), got ${n}`);

    // Normal variates: histogram on [-5, 5] plus one tail bin, χ² against φ.
    const z = await normal(be.zeros([n]), { seed: ctx.seed, counter: [1] }).read();
    let sum = 0;
    let sum2 = 0;
    const counts = new Float64Array(bins);
    let tail = 0;
    const width = 10 / bins;
    for (let i = 0; i < n; i++) {
      const v = z[i] as number;
      sum += v;
      sum2 += v * v;
      const b = Math.floor((v + 5) / width);
      if (b >= 0 && b < bins) counts[b] = (counts[b] as number) + 1;
      else tail++;
    }
    const mean = sum / n;
    const variance = sum2 / n - mean * mean;
    let chi2 = 0;
    let inside = 0;
    const histogram = Array.from(counts, (c, b) => {
      const lo = -5 + b * width;
      const p = normalMass(lo, lo + width);
      inside += p;
      chi2 += (c - n * p) ** 2 / (n * p);
      return {
        x: lo + width / 2,
        density_sim: c / (n * width),
        density_sim_stderr: Math.sqrt(c) / (n * width),
        density_theory: p / width,
      };
    });
    const pTail = Math.max(1 - inside, 0);
    chi2 += pTail > 0 ? (tail - n * pTail) ** 2 / (n * pTail) : 0;
    const dof = bins; // bins + tail bin − 1
    ctx.progress(1 / 3, 'normal');

    // Uniform variates: Kolmogorov–Smirnov distance to U[0, 1).
    const u = await uniform(be.zeros([n]), { seed: ctx.seed, counter: [2] }).read();
    u.sort();
    let ks = 0;
    for (let i = 0; i < n; i++) {
      const x = u[i] as number;
      ks = Math.max(ks, (i + 1) / n - x, x - i / n);
    }
    ctx.progress(2 / 3, 'uniform');

    // Bernoulli: frequency of ones at p = 0.05, 0.10, …, 0.95, against p.
    const ps = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);
    const p = new Float32Array(ps.length * m);
    for (const [i, q] of ps.entries()) p.fill(q, i * m, (i + 1) * m);
    const draws = await bernoulli(be.tensor(p), { seed: ctx.seed, counter: [3] }).read();
    const points = ps.map((q, i) => {
      let ones = 0;
      for (let j = i * m; j < (i + 1) * m; j++) ones += draws[j] as number;
      const pf = Math.fround(q);
      return {
        p: q,
        freq: ones / m,
        stderr: Math.sqrt((pf * (1 - pf)) / m),
        z: (ones / m - pf) / Math.sqrt((pf * (1 - pf)) / m),
      };
    });
    ctx.progress(1, `${n} normal + ${n} uniform + ${ps.length * m} Bernoulli variates`);

    const chi2Z = (chi2 - dof) / Math.sqrt(2 * dof);
    const ksP = kolmogorovPValue(ks, n);
    const maxAbsZ = Math.max(...points.map((q) => Math.abs(q.z)));
    return {
      json: {
        normal: { samples: n, mean, variance, chi2, dof, chi2_z: chi2Z, histogram },
        uniform: { samples: n, ks, ks_p: ksP },
        bernoulli: { samples_per_p: m, points, max_abs_z: maxAbsZ },
      },
      figures: [
        seriesFigure({
          name: 'sampling-normal',
          title: `Normal kernel: histogram of ${n.toLocaleString('en')} variates vs φ(x)`,
          caption: `Box–Muller on Philox4x32-10 words (${be.kind}). χ² = ${chi2.toFixed(1)} on ${dof} degrees of freedom (z = ${chi2Z.toFixed(2)}); mean ${mean.toExponential(2)}, variance ${variance.toFixed(5)}. Error bars: ±1 Poisson σ.`,
          x: { title: 'x' },
          y: { title: 'density', scale: 'log', domain: [1e-7, 1] },
          series: [
            { name: 'theory φ(x)', kind: 'theory', points: histogram.map((h) => ({ x: h.x, y: h.density_theory })) },
            {
              name: `simulation (${be.kind})`,
              kind: 'simulation',
              points: histogram
                .filter((h) => h.density_sim > 0)
                .map((h) => ({ x: h.x, y: h.density_sim, yErr: h.density_sim_stderr })),
            },
          ],
        }),
        seriesFigure({
          name: 'sampling-bernoulli',
          title: 'Bernoulli kernel: frequency of ones minus p',
          caption: `${m.toLocaleString('en')} draws per p; error bars ±1 binomial σ = √(p(1−p)/M); theory is 0. Largest |z| = ${maxAbsZ.toFixed(2)}. Uniform KS distance D = ${ks.toExponential(2)} (p-value ${ksP.toFixed(3)}).`,
          x: { title: 'p', domain: [0, 1] },
          y: { title: 'frequency − p' },
          series: [
            {
              name: 'theory',
              kind: 'theory',
              points: [
                { x: 0, y: 0 },
                { x: 1, y: 0 },
              ],
            },
            {
              name: `simulation (${be.kind})`,
              kind: 'simulation',
              points: points.map((q) => ({ x: q.p, y: q.freq - Math.fround(q.p), yErr: q.stderr })),
            },
          ],
        }),
      ],
      summary: [
        `normal: mean ${mean.toExponential(3)}, variance ${variance.toFixed(5)}, χ² ${chi2.toFixed(1)} / ${dof} dof (z = ${chi2Z.toFixed(2)})`,
        `uniform: KS D = ${ks.toExponential(3)}, p-value ${ksP.toFixed(3)}`,
        `bernoulli: max |freq − p|/σ = ${maxAbsZ.toFixed(2)} over ${ps.length} values of p`,
      ],
    };
  },
});
