/**
 * `sk`: the Sherrington–Kirkpatrick spin glass — simulated energy per spin and
 * the overlap distribution P(q) between replicas, beside the replica-symmetric
 * theory (exact in the paramagnet β < 1, where E/N = −β/2 and q is Gaussian
 * with variance 1/(N(1 − β²))).
 * @module
 */

import { defineExperiment, seriesFigure } from '@replica/lab-kit';
import { createSimulation, isingModel, sherringtonKirkpatrick, skReplicaSymmetric } from '../index';

/** `sk`: the SK spin glass beside replica-symmetric theory. */
export const skExperiment = defineExperiment({
  name: 'sk',
  summary: 'Sherrington–Kirkpatrick spin glass: energy per spin and P(q) beside replica-symmetric theory',
  params: [
    { name: 'n', kind: 'int', default: 256, min: 4, max: 16384, help: 'spins N' },
    { name: 'beta', kind: 'number', default: 0.5, min: 0, max: 100, help: 'inverse temperature β (J = 1)' },
    {
      name: 'sweeps',
      kind: 'int',
      default: 200,
      min: 4,
      max: 1_000_000,
      help: 'Glauber sweeps (averages over the second half)',
    },
    { name: 'replicas', kind: 'int', default: 16, min: 2, max: 4096, help: 'replicas (overlaps between every pair)' },
  ],
  tour: { n: 256, beta: 0.5, sweeps: 200, replicas: 16 },
  async run(ctx, v) {
    const n = v.n;
    const beta = v.beta;
    const sweeps = v.sweeps;
    const R = v.replicas;
    const progressTotal = 2;
    const model = isingModel(sherringtonKirkpatrick(n, { seed: ctx.seed }));
    const sim = await createSimulation(ctx.backend, model, { replicas: R, seed: ctx.seed });
    const burn = Math.floor(sweeps / 2);
    await sim.run({ beta, sweeps: burn, record: { energy: false, magnetization: false } });
    ctx.progress(1 / progressTotal);
    const tr = await sim.run({ beta, sweeps: sweeps - burn, record: { energy: true, replicaOverlaps: true } });
    sim.dispose();
    const T = tr.sweeps.length;
    const perReplica = Array.from({ length: R }, (_, r) => {
      let s = 0;
      for (let t = 0; t < T; t++) s += tr.energy![t * R + r]!;
      return s / T;
    });
    const energy = perReplica.reduce((a, b) => a + b, 0) / R;
    const stderr = Math.sqrt(perReplica.reduce((a, b) => a + (b - energy) ** 2, 0) / (R - 1) / R);
    const qs = tr.replicaOverlaps!;
    const q2 = qs.reduce((a, q) => a + q * q, 0) / qs.length;
    const bins = 41;
    const counts = new Float64Array(bins);
    for (const q of qs) counts[Math.min(bins - 1, Math.floor(((q + 1) / 2) * bins))] += 1;
    const width = 2 / bins;
    const pq = Array.from(counts, (c, b) => ({ q: -1 + (b + 0.5) * width, density: c / (qs.length * width) }));
    const rs = skReplicaSymmetric(beta);
    const varParamagnet = beta < 1 ? 1 / (n * (1 - beta * beta)) : null;
    ctx.progress(2 / progressTotal);
    ctx.progress(1, `${R} replicas of N = ${n}, ${sweeps} sweeps`);
    const theoryCurve =
      varParamagnet !== null
        ? Array.from({ length: 201 }, (_, i) => {
            const q = -1 + i / 100;
            return { x: q, y: Math.exp((-0.5 * q * q) / varParamagnet) / Math.sqrt(2 * Math.PI * varParamagnet) };
          })
        : [
            { x: -rs.q, y: 0 },
            { x: -rs.q, y: Math.max(...pq.map((p) => p.density)) },
            { x: rs.q, y: Math.max(...pq.map((p) => p.density)) },
            { x: rs.q, y: 0 },
          ];
    return {
      json: {
        n,
        beta,
        sweeps,
        replicas: R,
        energy_sim: energy,
        energy_sim_stderr: stderr,
        energy_theory: rs.energy,
        q_theory: rs.q,
        q2_sim: q2,
        q2_theory_paramagnet: varParamagnet,
        theory:
          beta < 1
            ? 'replica symmetric (exact for β < 1)'
            : 'replica symmetric (approximate below T = 1: replica symmetry is broken)',
        pq,
      },
      figures: [
        seriesFigure({
          name: 'sk-overlap-distribution',
          title: `SK, N = ${n}, β = ${beta}: overlap distribution P(q)`,
          caption: `Histogram of q_ab between ${R} replicas over the last ${sweeps - burn} sweeps (${ctx.backend.kind}). ${
            varParamagnet !== null
              ? `Theory: in the paramagnet q is Gaussian with variance 1/(N(1 − β²)) = ${varParamagnet.toExponential(2)}; measured ⟨q²⟩ = ${q2.toExponential(2)}.`
              : `Theory: replica symmetry predicts q = ±${rs.q.toFixed(3)} (bars); below T = 1 the true P(q) is broader (replica symmetry breaking).`
          } Energy per spin ${energy.toFixed(4)} ± ${stderr.toFixed(4)} vs ${rs.energy.toFixed(4)}.`,
          x: { title: 'q', domain: [-1, 1] },
          y: { title: 'P(q)' },
          series: [
            {
              name: varParamagnet !== null ? 'Gaussian, var 1/(N(1 − β²))' : 'replica symmetric ±q',
              kind: 'theory',
              points: theoryCurve,
            },
            {
              name: `simulation (${ctx.backend.kind})`,
              kind: 'simulation',
              points: pq.filter((p) => p.density > 0).map((p) => ({ x: p.q, y: p.density })),
            },
          ],
        }),
      ],
      summary: [
        `energy per spin ${energy.toFixed(4)} ± ${stderr.toFixed(4)} (replica symmetric: ${rs.energy.toFixed(4)}${beta < 1 ? ' = −β/2, exact' : ''})`,
        `⟨q²⟩ = ${q2.toExponential(3)}${varParamagnet !== null ? ` (paramagnet theory ${varParamagnet.toExponential(3)})` : `, q_RS = ${rs.q.toFixed(4)}`}`,
      ],
    };
  },
});
