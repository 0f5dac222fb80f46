/**
 * `curie-weiss`: Glauber dynamics of the mean-field ferromagnet beside its
 * theory — the mean-field solution m = tanh(β(Jm + h)) (N → ∞) and the exact
 * finite-N averages from the sum over the total magnetization.
 * @module
 */

import { defineExperiment, seriesFigure } from '@replica/lab-kit';
import { createSimulation, curieWeiss, curieWeissExact, curieWeissSolutions, isingModel } from '../index';

/** `curie-weiss`: Glauber dynamics of the mean-field ferromagnet beside its theory. */
export const curieWeissExperiment = defineExperiment({
  name: 'curie-weiss',
  summary:
    'Curie–Weiss ferromagnet: simulated |m|(β) and energy beside mean-field theory and the exact finite-N result',
  params: [
    { name: 'n', kind: 'int', default: 1000, min: 2, max: 10_000_000, help: 'spins N' },
    { name: 'j', kind: 'number', default: 1, min: -100, max: 100, help: 'coupling J (J_ij = J/N)' },
    { name: 'h', kind: 'number', default: 0, min: -100, max: 100, help: 'external field h' },
    {
      name: 'betas',
      kind: 'number-list',
      default: [0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0],
      min: 0,
      max: 1000,
      help: 'inverse temperatures β',
    },
    {
      name: 'sweeps',
      kind: 'int',
      default: 200,
      min: 2,
      max: 1_000_000,
      help: 'Glauber sweeps per β (averages over the second half)',
    },
    { name: 'replicas', kind: 'int', default: 4, min: 1, max: 4096, help: 'independent replicas per β' },
  ],
  tour: { n: 1000, sweeps: 200, replicas: 8 },
  async run(ctx, v) {
    const n = v.n;
    const J = v.j;
    const h = v.h;
    const betas = v.betas;
    const sweeps = v.sweeps;
    const R = v.replicas;
    const model = isingModel(curieWeiss(n, { J }), h === 0 ? null : new Float32Array(n).fill(h));
    const progressTotal = betas.length;
    const points = [];
    for (const [k, beta] of betas.entries()) {
      const sim = await createSimulation(ctx.backend, model, { replicas: R, seed: ctx.seed, firstSweep: k * sweeps });
      const burn = Math.floor(sweeps / 2);
      await sim.run({ beta, sweeps: burn, record: { energy: false, magnetization: false } });
      const tr = await sim.run({ beta, sweeps: sweeps - burn, record: { energy: true, magnetization: true } });
      sim.dispose();
      const T = tr.sweeps.length;
      const perAbs = Array.from({ length: R }, (_, r) => {
        let s = 0;
        for (let t = 0; t < T; t++) s += Math.abs(tr.magnetization![t * R + r]!);
        return s / T;
      });
      let m = 0;
      let e = 0;
      for (let t = 0; t < T * R; t++) {
        m += tr.magnetization![t]!;
        e += tr.energy![t]!;
      }
      const mAbs = perAbs.reduce((a, b) => a + b, 0) / R;
      const sd = R > 1 ? Math.sqrt(perAbs.reduce((a, b) => a + (b - mAbs) ** 2, 0) / (R - 1)) : Number.NaN;
      const mf = curieWeissSolutions(beta, { J, h });
      const ex = curieWeissExact(n, beta, { J, h });
      points.push({
        beta,
        m_sim: m / (T * R),
        m_abs_sim: mAbs,
        m_abs_sim_stderr: R > 1 ? sd / Math.sqrt(R) : null,
        m_theory: mf.m,
        m_abs_exact: ex.mAbs,
        energy_sim: e / (T * R),
        energy_theory: mf.energy,
        energy_exact: ex.energy,
      });
      ctx.progress((k + 1) / progressTotal);
    }
    ctx.progress(1, `${betas.length} temperatures, ${R} replicas of N = ${n}`);
    const grid = Array.from({ length: 121 }, (_, i) => 0.05 + (i * Math.max(2.5, ...betas)) / 120);
    const mf = grid.map((b) => ({ x: b, y: Math.abs(curieWeissSolutions(b, { J, h }).m) }));
    const exact = grid.map((b) => ({ x: b, y: curieWeissExact(n, b, { J, h }).mAbs }));
    const worst = Math.max(
      ...points.map((p) =>
        p.m_abs_sim_stderr ? Math.abs(p.m_abs_sim - p.m_abs_exact) / Math.max(p.m_abs_sim_stderr, 1e-12) : 0,
      ),
    );
    return {
      json: { n, J, h, sweeps, replicas: R, points },
      figures: [
        seriesFigure({
          name: 'curie-weiss-magnetization',
          title: `Curie–Weiss, N = ${n}: |m| vs β`,
          caption: `Glauber dynamics (${ctx.backend.kind}), ${R} replicas, time average over the last ${sweeps - Math.floor(sweeps / 2)} of ${sweeps} sweeps; error bars ±1 standard error over replicas. Lines: mean-field m = tanh(β(Jm + h)) (N → ∞) and the exact finite-N ⟨|m|⟩. Largest deviation from the exact curve: ${worst.toFixed(1)} standard errors.`,
          x: { title: 'β' },
          y: { title: '|m|', domain: [0, 1] },
          series: [
            { name: 'mean field (N → ∞)', kind: 'theory', points: mf },
            { name: `exact, N = ${n}`, kind: 'theory', points: exact },
            {
              name: `simulation (${ctx.backend.kind})`,
              kind: 'simulation',
              points: points.map((p) => ({
                x: p.beta,
                y: p.m_abs_sim,
                ...(p.m_abs_sim_stderr !== null ? { yErr: p.m_abs_sim_stderr } : {}),
              })),
            },
          ],
        }),
        seriesFigure({
          name: 'curie-weiss-energy',
          title: `Curie–Weiss, N = ${n}: energy per spin`,
          caption: 'Simulated ⟨H⟩/N beside the mean-field −Jm²/2 − hm and the exact finite-N value.',
          x: { title: 'β' },
          y: { title: 'energy per spin' },
          series: [
            {
              name: 'mean field (N → ∞)',
              kind: 'theory',
              points: grid.map((b) => ({ x: b, y: curieWeissSolutions(b, { J, h }).energy })),
            },
            {
              name: `exact, N = ${n}`,
              kind: 'theory',
              points: grid.map((b) => ({ x: b, y: curieWeissExact(n, b, { J, h }).energy })),
            },
            {
              name: `simulation (${ctx.backend.kind})`,
              kind: 'simulation',
              points: points.map((p) => ({ x: p.beta, y: p.energy_sim })),
            },
          ],
        }),
      ],
      summary: points.map(
        (p) =>
          `β = ${p.beta}: |m| = ${p.m_abs_sim.toFixed(4)}${p.m_abs_sim_stderr !== null ? ` ± ${p.m_abs_sim_stderr.toFixed(4)}` : ''} (exact N = ${n}: ${p.m_abs_exact.toFixed(4)}, mean field: ${Math.abs(p.m_theory).toFixed(4)}), e = ${p.energy_sim.toFixed(4)}`,
      ),
    };
  },
});
