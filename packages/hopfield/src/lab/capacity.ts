/**
 * `hopfield-capacity`: stability of stored patterns vs load α = K/N for the Hebb rule
 * (pattern form, O(NK) memory), at T = 0 or T > 0 and several N, beside the AGS
 * replica-symmetric retrieval overlap; at T = 0 retrieval collapses at α_c ≈ 0.138.
 * @module
 */
import { defineExperiment, seriesFigure, UsageError } from '@replica/lab-kit';
import { agsRetrievalCurve, agsRetrievalOverlap, hebb, retrievalStability } from '../index';

/** One (N, α) point of `hopfield-capacity --json`. */
interface CapacityPoint {
  readonly alpha: number;
  readonly n: number;
  readonly k: number;
  readonly m_sim: number;
  readonly m_sim_std: number;
  readonly m_sim_stderr: number;
  readonly samples: number;
  readonly fixed_points: number | null;
  readonly m_theory: number;
  readonly phase_theory: string;
}

/** `hopfield-capacity`: retrieval vs load beside AGS. */
export const hopfieldCapacityExperiment = defineExperiment({
  name: 'hopfield-capacity',
  summary: 'Hopfield capacity: overlap of retrieved patterns vs load α beside the AGS curve (α_c ≈ 0.138 at T = 0)',
  params: [
    {
      name: 'n',
      kind: 'int-list',
      default: [2000],
      min: 16,
      max: 1_000_000,
      help: 'network sizes N (several for finite-size effects)',
    },
    {
      name: 'alphas',
      kind: 'number-list',
      default: [0.02, 0.05, 0.08, 0.1, 0.12, 0.13, 0.14, 0.15, 0.16, 0.18, 0.2, 0.25],
      min: 0.0001,
      max: 1,
      help: 'loads α = K/N',
    },
    {
      name: 'temperature',
      kind: 'number',
      default: 0,
      min: 0,
      max: 2,
      help: 'temperature T (0: zero-temperature dynamics)',
    },
    { name: 'trials', kind: 'int', default: 2, min: 1, max: 10_000, help: 'independent pattern sets per (N, α)' },
    {
      name: 'probes',
      kind: 'int',
      default: 8,
      min: 1,
      max: 1024,
      help: 'stored patterns probed per trial (one replica each)',
    },
    {
      name: 'sweeps',
      kind: 'int',
      min: 1,
      max: 1_000_000,
      help: 'T = 0: at most this many sweeps (stops at fixed points; default 100); T > 0: sweeps, overlaps averaged over the second half (default 100)',
    },
  ],
  tour: { n: [2000], temperature: 0, trials: 2 },
  sweep: {
    // one (N, α) per task: the overlap, its theory, and the fraction of probes at fixed points
    observables(json) {
      const points = json.points as readonly CapacityPoint[];
      if (points.length !== 1)
        throw new UsageError(
          `hopfield-capacity: a sweep tabulates one (N, α) per task, this run has ${points.length}: put both n and alphas in --grid`,
        );
      const p = points[0]!;
      return {
        k: p.k,
        m: p.m_sim,
        m_theory: p.m_theory,
        m_std: p.m_sim_std,
        ...(p.fixed_points !== null ? { fixed_fraction: p.fixed_points / p.samples } : {}),
      };
    },
  },
  async run(ctx, v) {
    const ns = v.n;
    const alphas = v.alphas;
    const T = v.temperature;
    const trials = v.trials;
    const probes = v.probes;
    const sweeps = v.sweeps ?? 100;
    for (const n of ns)
      for (const a of alphas)
        if (Math.round(a * n) < 1)
          throw new UsageError(`--alphas: α = ${a} stores no pattern at N = ${n} (K = round(αN) = 0)`);
    const progressTotal = ns.length * alphas.length;
    const points: CapacityPoint[] = [];
    let step = 0;
    for (const [ni, n] of ns.entries())
      for (const [ai, alpha] of alphas.entries()) {
        const s = await retrievalStability(ctx.backend, {
          n,
          alpha,
          trials,
          probes,
          temperature: T,
          sweeps,
          rule: hebb,
          seed: ctx.seed,
          seedPath: [ni, ai],
        });
        const theory = agsRetrievalOverlap(s.k / n, T);
        points.push({
          alpha,
          n,
          k: s.k,
          m_sim: s.mean,
          m_sim_std: s.std,
          m_sim_stderr: s.stderr,
          samples: s.overlaps.length,
          fixed_points: s.fixedPoints,
          m_theory: theory.m,
          phase_theory: theory.phase,
        });
        ctx.progress(++step / progressTotal);
      }
    ctx.progress(1, `${ns.length} sizes × ${alphas.length} loads, ${trials} trials × ${probes} probes`);
    // the curve ends where the retrieval branch does: α_c at T = 0, α_M(T) above
    const curve = agsRetrievalCurve(T, Math.max(...alphas) * 1.05);
    const alphaC = curve.alphaEnd;
    return {
      json: { temperature: T, trials, probes, sweeps, points, alpha_c_theory: alphaC },
      figures: [
        seriesFigure({
          name: 'hopfield-capacity',
          title: `Hopfield network (Hebb), T = ${T}: retrieval overlap vs load`,
          caption: `Each point: replicas started on ${probes} stored patterns of ${trials} independent pattern sets, ${T === 0 ? `zero-temperature sequential dynamics run to a fixed point (at most ${sweeps} sweeps); final overlap` : `Glauber dynamics at T = ${T}, overlap averaged over the second half of ${sweeps} sweeps`} (${ctx.backend.kind}), error bars ±1 standard deviation over probes. Line: the AGS replica-symmetric retrieval overlap, which ${T === 0 ? `vanishes at α_c = ${alphaC.toFixed(4)} (m_c ≈ 0.967)` : `disappears at α_M(T) = ${alphaC.toFixed(4)}`}. Finite N keeps patterns a little past α_c; the collapse sharpens as N grows.`,
          x: { title: 'load α = K/N' },
          y: { title: 'overlap m', domain: [0, 1.02] },
          series: [
            { name: `AGS replica symmetric, T = ${T}`, kind: 'theory', points: curve.points },
            ...ns.map((n) => ({
              name: `simulation N = ${n} (${ctx.backend.kind})`,
              kind: 'simulation' as const,
              points: points.filter((p) => p.n === n).map((p) => ({ x: p.alpha, y: p.m_sim, yErr: p.m_sim_std })),
            })),
          ],
        }),
      ],
      summary: [
        ...points.map(
          (p) =>
            `N = ${p.n}, α = ${p.alpha} (K = ${p.k}): m = ${p.m_sim.toFixed(4)} ± ${p.m_sim_std.toFixed(4)} (AGS ${p.m_theory.toFixed(4)}, ${p.phase_theory})${p.fixed_points !== null ? `, ${p.fixed_points}/${p.samples} at fixed points` : ''}`,
        ),
        `AGS ${T === 0 ? 'α_c' : 'α_M(T)'} = ${alphaC.toFixed(4)}`,
      ],
    };
  },
});
