/**
 * `hopfield-dreaming`: retrieval vs load for the dreaming kernel J(t) = (1/N) ξ (1+t)(I + tC)⁻¹ ξᵀ
 * at several dreaming times t — t = 0 is Hebb (AGS α_c ≈ 0.138), t → ∞ the projector, and
 * dreaming raises the load at which stored patterns are still retrieved.
 * @module
 */
import { defineExperiment, seriesFigure } from '@replica/lab-kit';
import { agsRetrievalCurve, dreaming, retrievalStability } from '../index';

/** `hopfield-dreaming`: retrieval vs load for dreaming kernels. */
export const hopfieldDreamingExperiment = defineExperiment({
  name: 'hopfield-dreaming',
  summary:
    'Dreaming (unlearning) kernels: retrieval vs load α for several dreaming times t, beside the Hebb (t = 0) AGS curve',
  params: [
    { name: 'n', kind: 'int', default: 1000, min: 16, max: 100_000, help: 'spins N' },
    {
      name: 'alphas',
      kind: 'number-list',
      default: [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
      min: 0.0001,
      max: 0.99,
      help: 'loads α = K/N (K < N so C is invertible)',
    },
    { name: 'times', kind: 'number-list', default: [0, 0.1, 1, 10, 1000], min: 0, max: 1e12, help: 'dreaming times t' },
    { name: 'noise', kind: 'number', default: 0.1, min: 0, max: 1, help: 'fraction of each start flipped' },
    { name: 'trials', kind: 'int', default: 1, min: 1, max: 10_000, help: 'pattern sets per (α, t)' },
    { name: 'probes', kind: 'int', default: 8, min: 1, max: 1024, help: 'patterns probed per trial' },
    {
      name: 'sweeps',
      kind: 'int',
      default: 100,
      min: 1,
      max: 1_000_000,
      help: 'at most this many zero-temperature sweeps',
    },
  ],
  async run(ctx, v) {
    const n = v.n;
    const alphas = v.alphas;
    const times = v.times;
    const noise = v.noise;
    const progressTotal = alphas.length * times.length;
    const points: {
      t: number;
      alpha: number;
      k: number;
      m_sim: number;
      m_sim_std: number;
      fixed_points: number | null;
      samples: number;
    }[] = [];
    let step = 0;
    for (const t of times)
      for (const [ai, alpha] of alphas.entries()) {
        const s = await retrievalStability(ctx.backend, {
          n,
          alpha,
          trials: v.trials,
          probes: v.probes,
          temperature: 0,
          sweeps: v.sweeps,
          ...(noise > 0 ? { corruption: { kind: 'flip' as const, fraction: noise } } : {}),
          rule: (xi, k, nn) => dreaming(xi, k, nn, t),
          // the same pattern sets for every t (common random numbers across t)
          seed: ctx.seed,
          seedPath: [ai],
        });
        points.push({
          t,
          alpha,
          k: s.k,
          m_sim: s.mean,
          m_sim_std: s.std,
          fixed_points: s.fixedPoints,
          samples: s.overlaps.length,
        });
        ctx.progress(++step / progressTotal);
      }
    ctx.progress(1, `${times.length} dreaming times × ${alphas.length} loads, N = ${n}`);
    return {
      json: { n, noise, points },
      figures: [
        seriesFigure({
          name: 'hopfield-dreaming',
          title: `Dreaming kernels, N = ${n}: retrieval vs load`,
          caption: `Zero-temperature sequential dynamics from stored patterns with ${(100 * noise).toFixed(0)}% of the spins flipped (${ctx.backend.kind}); final overlap, mean ± 1 standard deviation over probes; the same pattern sets for every t. Line: the AGS curve of the Hebb rule (t = 0) with its collapse at α_c ≈ 0.138. Longer dreaming (t → ∞: the projector) keeps patterns retrievable at much higher load.`,
          x: { title: 'load α = K/N' },
          y: { title: 'final overlap m', domain: [0, 1.02] },
          series: [
            {
              name: 'AGS, Hebb (t = 0)',
              kind: 'theory',
              points: agsRetrievalCurve(0, Math.max(...alphas) * 1.02).points,
            },
            ...times.map((t) => ({
              name: `dreaming t = ${t}`,
              kind: 'simulation' as const,
              points: points.filter((p) => p.t === t).map((p) => ({ x: p.alpha, y: p.m_sim, yErr: p.m_sim_std })),
            })),
          ],
        }),
      ],
      summary: points.map((p) => `t = ${p.t}, α = ${p.alpha}: m = ${p.m_sim.toFixed(4)} ± ${p.m_sim_std.toFixed(4)}`),
    };
  },
});
