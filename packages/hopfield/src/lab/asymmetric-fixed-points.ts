/**
 * `asymmetric-fixed-points`: the number of fixed points of the random asymmetric network
 * s_i ← sgn(D s_i + (1/√N) Σ_{j≠i} J_ij s_j), J_ij = ±1 independently on ordered pairs,
 * counted exactly by enumeration over instances, beside the exact finite-N annealed mean
 * (2p)^N and its N → ∞ rate log(1 + erf(D/√2)).
 * @module
 */

import { defineExperiment, seriesFigure } from '@replica/lab-kit';
import {
  annealedFixedPointRate,
  annealedFixedPoints,
  asymmetricSigns,
  countFixedPointsByCoupling,
  fixedPointRate,
} from '../index';

/** One (N, D) point of `asymmetric-fixed-points --json`. */
interface FixedPointRow {
  readonly D: number;
  readonly N: number;
  readonly mean_count: number;
  readonly stderr: number;
  readonly annealed_mean: number;
  readonly log_per_spin_sim: number | null;
  readonly log_per_spin_annealed: number;
  readonly log_per_spin_inf: number;
  readonly z: number | null;
}

/** `asymmetric-fixed-points`: exact fixed-point counts beside the annealed theory. */
export const asymmetricFixedPointsExperiment = defineExperiment({
  name: 'asymmetric-fixed-points',
  summary:
    'Random asymmetric network with self-coupling D: exact fixed-point counts beside the annealed (2p)^N and its N → ∞ rate',
  usesBackend: false,
  params: [
    {
      name: 'n',
      kind: 'int-list',
      default: [8, 12, 16],
      min: 2,
      max: 24,
      help: 'network sizes N (exact enumeration of 2^N states)',
    },
    {
      name: 'd',
      kind: 'number-list',
      default: [0, 0.3, 0.6, 0.9, 1.2, 1.5, 2],
      min: -10,
      max: 10,
      help: 'self-couplings D',
    },
    {
      name: 'instances',
      kind: 'int',
      default: 200,
      min: 2,
      max: 1_000_000,
      help: 'random networks J per N (the same J for every D)',
    },
  ],
  tour: { n: [8, 12, 16], instances: 200 },
  async run(ctx, v) {
    const ns = v.n;
    const Ds = v.d;
    const I = v.instances;
    const progressTotal = ns.length * I;
    const points: FixedPointRow[] = [];
    let step = 0;
    for (const [ni, n] of ns.entries()) {
      const sum = new Float64Array(Ds.length);
      const sum2 = new Float64Array(Ds.length);
      for (let inst = 0; inst < I; inst++) {
        // one network per instance, shared by every D (common random numbers across D)
        const counts = countFixedPointsByCoupling(asymmetricSigns(n, ctx.seedFor(ni, inst)), n, Ds);
        for (let d = 0; d < Ds.length; d++) {
          sum[d] = sum[d]! + counts[d]!;
          sum2[d] = sum2[d]! + counts[d]! ** 2;
        }
        ctx.progress(++step / progressTotal);
      }
      for (const [d, D] of Ds.entries()) {
        const mean = sum[d]! / I;
        const variance = Math.max(0, (sum2[d]! - I * mean * mean) / (I - 1));
        const stderr = Math.sqrt(variance / I);
        const annealed = annealedFixedPoints(n, D);
        points.push({
          D,
          N: n,
          mean_count: mean,
          stderr,
          annealed_mean: annealed,
          log_per_spin_sim: mean > 0 ? Math.log(mean) / n : null,
          log_per_spin_annealed: annealedFixedPointRate(n, D),
          log_per_spin_inf: fixedPointRate(D),
          z: stderr > 0 ? (mean - annealed) / stderr : null,
        });
      }
    }
    ctx.progress(1, `${ns.length} sizes × ${I} instances, ${Ds.length} couplings`);
    const zs = points.map((p) => p.z).filter((z): z is number => z !== null);
    const worst = zs.length ? Math.max(...zs.map(Math.abs)) : 0;
    const dGrid = Array.from(
      { length: 121 },
      (_, i) => Math.min(...Ds, 0) + (i * (Math.max(...Ds, 2) - Math.min(...Ds, 0))) / 120,
    );
    return {
      json: { instances: I, points, max_abs_z: worst },
      figures: [
        seriesFigure({
          name: 'asymmetric-fixed-points-count',
          title: 'Random asymmetric network: mean number of fixed points',
          caption: `Exact enumeration of all 2^N states of ${I} random networks per N (points, ±1 standard error over instances) beside the exact annealed mean (2p)^N, p = P(D + S/√N > 0) (lines). The mean over instances is an unbiased estimate of (2p)^N, so the two agree within the error bars; the largest deviation is ${worst.toFixed(1)} standard errors.`,
          x: { title: 'self-coupling D' },
          y: { title: 'E[#fixed points]', scale: 'log' },
          series: [
            ...ns.map((n) => ({
              name: `(2p)^N, N = ${n}`,
              kind: 'theory' as const,
              points: dGrid.map((D) => ({ x: D, y: annealedFixedPoints(n, D) })).filter((p) => p.y > 0),
            })),
            ...ns.map((n) => ({
              name: `enumeration, N = ${n}`,
              kind: 'simulation' as const,
              points: points
                .filter((p) => p.N === n && p.mean_count > 0)
                .map((p) => ({ x: p.D, y: p.mean_count, yErr: p.stderr })),
            })),
          ],
        }),
        seriesFigure({
          name: 'asymmetric-fixed-points-rate',
          title: 'Random asymmetric network: (1/N) log E[#fixed points]',
          caption:
            'The finite-N annealed rate log(2p) (lines per N, from the exact binomial p) approaches the N → ∞ limit log(1 + erf(D/√2)) (black) with O(1/√N) corrections from the lattice of S/√N; points are (1/N) log of the enumerated mean.',
          x: { title: 'self-coupling D' },
          y: { title: '(1/N) log E[#FP]' },
          series: [
            {
              name: 'N → ∞: log(1 + erf(D/√2))',
              kind: 'theory',
              points: dGrid.map((D) => ({ x: D, y: fixedPointRate(D) })),
            },
            ...ns.map((n) => ({
              name: `log(2p), N = ${n}`,
              kind: 'theory' as const,
              points: dGrid.map((D) => ({ x: D, y: annealedFixedPointRate(n, D) })).filter((p) => Number.isFinite(p.y)),
            })),
            ...ns.map((n) => ({
              name: `enumeration, N = ${n}`,
              kind: 'simulation' as const,
              points: points
                .filter((p) => p.N === n && p.log_per_spin_sim !== null)
                .map((p) => ({ x: p.D, y: p.log_per_spin_sim as number })),
            })),
          ],
        }),
      ],
      summary: points.map(
        (p) =>
          `N = ${p.N}, D = ${p.D}: ${p.mean_count.toFixed(3)} ± ${p.stderr.toFixed(3)} fixed points (annealed (2p)^N = ${p.annealed_mean.toFixed(3)}${p.z !== null ? `, z = ${p.z.toFixed(2)}` : ''}); rate N → ∞ ${p.log_per_spin_inf.toFixed(4)}`,
      ),
    };
  },
});
