/**
 * `hopfield-phase-diagram`: the AGS phase diagram of the Hopfield model in the (α, T) plane —
 * the spin-glass line T_g = 1 + √α, the line α_M(T) below which retrieval states exist, and
 * α_c(T) below which they are global minima — with simulated retrieval on a grid if asked.
 * @module
 */
import { defineExperiment, seriesFigure } from '@replica/lab-kit';
import {
  agsCriticalLoad,
  agsRetrievalOverlap,
  globalMinimumLoad,
  hebb,
  retrievalLoad,
  retrievalStability,
  spinGlassTemperature,
} from '../index';

/** `hopfield-phase-diagram`: the AGS (α, T) plane. */
export const hopfieldPhaseDiagramExperiment = defineExperiment({
  name: 'hopfield-phase-diagram',
  summary:
    'AGS phase diagram (α, T): T_g = 1 + √α, the retrieval line T_M and the global-minimum line T_c, with optional simulated points',
  params: [
    { name: 'resolution', kind: 'int', default: 16, min: 3, max: 1000, help: 'temperatures on each theory line' },
    { name: 'simulate', kind: 'flag', help: 'also simulate retrieval on the --alphas × --temperatures grid' },
    {
      name: 'alphas',
      kind: 'number-list',
      default: [0.02, 0.05, 0.08, 0.11, 0.14],
      min: 0.0001,
      max: 1,
      help: 'simulation grid: loads α',
    },
    {
      name: 'temperatures',
      kind: 'number-list',
      default: [0.1, 0.3, 0.5, 0.7],
      min: 0,
      max: 2,
      help: 'simulation grid: temperatures T',
    },
    { name: 'n', kind: 'int', default: 1000, min: 16, max: 1_000_000, help: 'simulation: spins N' },
    { name: 'trials', kind: 'int', default: 1, min: 1, max: 10_000, help: 'simulation: pattern sets per grid point' },
    { name: 'probes', kind: 'int', default: 4, min: 1, max: 1024, help: 'simulation: patterns probed per trial' },
    {
      name: 'sweeps',
      kind: 'int',
      default: 60,
      min: 2,
      max: 1_000_000,
      help: 'simulation: Glauber sweeps (average over the second half)',
    },
  ],
  async run(ctx, v) {
    const res = v.resolution;
    const temps = Array.from({ length: res }, (_, i) => (i / (res - 1)) * 0.999);
    const simulate = v.simulate === true;
    const alphas = v.alphas;
    const temperatures = v.temperatures;
    const total = 2 * res + (simulate ? alphas.length * temperatures.length : 0);
    let step = 0;
    const alphaMax = Math.max(0.16, ...(simulate ? alphas : []));
    const spinGlass = Array.from({ length: 41 }, (_, i) => {
      const alpha = (alphaMax * i) / 40;
      return { alpha, temperature: spinGlassTemperature(alpha) };
    });
    const retrieval: { alpha: number; temperature: number }[] = [];
    for (const T of temps) {
      retrieval.push({ alpha: T === 0 ? agsCriticalLoad().alpha : retrievalLoad(T), temperature: T });
      ctx.progress(++step / total);
    }
    const globalMin: { alpha: number; temperature: number }[] = [];
    for (const T of temps) {
      // α_c(T) is defined for T > 0 (the free energies are compared at finite β); start just above 0
      const t = Math.max(T, 0.01);
      globalMin.push({ alpha: globalMinimumLoad(t), temperature: t });
      ctx.progress(++step / total);
    }
    const points: {
      alpha: number;
      temperature: number;
      m_sim: number;
      m_sim_std: number;
      m_theory: number;
      phase_theory: string;
    }[] = [];
    if (simulate)
      for (const [ai, alpha] of alphas.entries())
        for (const [ti, T] of temperatures.entries()) {
          const s = await retrievalStability(ctx.backend, {
            n: v.n,
            alpha,
            trials: v.trials,
            probes: v.probes,
            temperature: T,
            sweeps: v.sweeps,
            rule: hebb,
            seed: ctx.seed,
            seedPath: [ai, ti],
          });
          const th = agsRetrievalOverlap(s.k / v.n, T);
          points.push({
            alpha,
            temperature: T,
            m_sim: s.mean,
            m_sim_std: s.std,
            m_theory: th.m,
            phase_theory: th.phase,
          });
          ctx.progress(++step / total);
        }
    ctx.progress(
      1,
      `${res} temperatures per line${simulate ? `, ${points.length} simulated points at N = ${v.n}` : ''}`,
    );
    const line = (rows: { alpha: number; temperature: number }[]) =>
      rows.map((r) => ({ x: r.alpha, y: r.temperature }));
    return {
      json: {
        lines: { spin_glass: spinGlass, retrieval, global_minimum: globalMin },
        alpha_c: agsCriticalLoad().alpha,
        ...(simulate ? { n: v.n, points } : {}),
      },
      figures: [
        seriesFigure({
          name: 'hopfield-phase-diagram',
          title: 'Hopfield model: AGS replica-symmetric phase diagram',
          caption: `Below T_g = 1 + √α the paramagnet gives way to spin-glass states; left of T_M (α_M(T), ending at α_c = ${agsCriticalLoad().alpha.toFixed(4)} at T = 0) retrieval states exist as local minima; left of T_c (α_c(T), ≈ 0.051 as T → 0) they are the global minima.${simulate ? ` Points: simulated Glauber dynamics from stored patterns, N = ${v.n} (${ctx.backend.kind}), split at m = 0.5.` : ''}`,
          x: { title: 'load α = K/N', domain: [0, alphaMax] },
          y: { title: 'temperature T', domain: [0, 1.5] },
          series: [
            { name: 'T_g = 1 + √α', kind: 'theory', points: line(spinGlass) },
            { name: 'T_M: retrieval states appear', kind: 'theory', points: line(retrieval) },
            { name: 'T_c: retrieval is the global minimum', kind: 'theory', points: line(globalMin) },
            ...(simulate
              ? [
                  {
                    name: 'simulation: retrieved (m ≥ 0.5)',
                    kind: 'simulation' as const,
                    points: points.filter((p) => p.m_sim >= 0.5).map((p) => ({ x: p.alpha, y: p.temperature })),
                  },
                  {
                    name: 'simulation: lost (m < 0.5)',
                    kind: 'simulation' as const,
                    points: points.filter((p) => p.m_sim < 0.5).map((p) => ({ x: p.alpha, y: p.temperature })),
                  },
                ]
              : []),
          ],
        }),
      ],
      summary: [
        ...retrieval.map(
          (r, i) =>
            `T = ${r.temperature.toFixed(3)}: α_M = ${r.alpha.toFixed(5)}, α_c = ${globalMin[i]!.alpha.toFixed(5)} (at T = ${globalMin[i]!.temperature.toFixed(3)})`,
        ),
        ...points.map(
          (p) =>
            `simulated α = ${p.alpha}, T = ${p.temperature}: m = ${p.m_sim.toFixed(3)} (AGS ${p.m_theory.toFixed(3)}, ${p.phase_theory})`,
        ),
      ],
    };
  },
});
