/**
 * `perceptron-generalization`: the generalization error ε_g = arccos(R)/π of students of the
 * spherical teacher sign perceptron vs α = P/N — Hebb and Bayes-optimal (GAMP) simulated at finite
 * N beside their N → ∞ theory, and the Gibbs student (exact HMC on the version space) beside its
 * replica-symmetric theory.
 * @module
 */

import type { Series } from '@replica/lab-kit';
import { defineExperiment, meanStderr, seriesFigure, UsageError } from '@replica/lab-kit';
import type { GibbsStudentSimulationResult, SimulatedStudent } from '../index';
import {
  generalizationAsymptotes,
  generalizationTheory,
  gibbsStudentSimulation,
  perceptronInstance,
  studentGeneralization,
} from '../index';

type Student = 'hebb' | 'gibbs' | 'bayes';
const STUDENTS: readonly Student[] = ['hebb', 'gibbs', 'bayes'];

/** One α of `perceptron-generalization --json` (null for a student not asked for). */
interface GeneralizationPoint {
  readonly alpha: number;
  /** P = round(αN). */
  readonly p: number;
  readonly eg_hebb_sim: number | null;
  readonly eg_hebb_sim_stderr: number | null;
  readonly eg_hebb_theory: number | null;
  readonly eg_gibbs_theory: number | null;
  /** The Gibbs student simulated: exact HMC samples of the version space at N = gibbs-n (null without it). */
  readonly eg_gibbs_sim: number | null;
  readonly eg_gibbs_sim_stderr: number | null;
  /** The Bayes student from the same samples: their centre of mass (K → ∞ extrapolated). */
  readonly eg_bayes_hmc_sim: number | null;
  readonly eg_bayes_hmc_sim_stderr: number | null;
  /** P at N = gibbs-n for the HMC simulation (null without it). */
  readonly p_gibbs: number | null;
  readonly eg_bayes_sim: number | null;
  readonly eg_bayes_sim_stderr: number | null;
  readonly eg_bayes_theory: number | null;
  /** GAMP runs that met their tolerance, of `trials` (null without the Bayes student). */
  readonly bayes_converged: number | null;
}

function meanAndStderr(x: readonly number[]): [number, number] {
  const r = meanStderr(x);
  return [r.mean, r.stderr];
}

/** `perceptron-generalization`: Hebb, Gibbs and Bayes students beside their theory. */
export const perceptronGeneralizationExperiment = defineExperiment({
  name: 'perceptron-generalization',
  summary:
    'Generalization error ε_g = arccos(R)/π of the Hebb, Gibbs and Bayes-optimal (GAMP) students of the teacher perceptron vs α, simulation beside theory',
  usesBackend: false,
  params: [
    { name: 'n', kind: 'int', default: 400, min: 8, max: 4000, help: 'input dimension N' },
    {
      name: 'alphas',
      kind: 'number-list',
      default: [0.25, 0.5, 1, 2, 3, 4, 6, 8],
      min: 0.01,
      max: 50,
      help: 'sample ratios α = P/N (P = round(αN))',
    },
    { name: 'trials', kind: 'int', default: 4, min: 1, max: 10_000, help: 'independent instances per α' },
    {
      name: 'students',
      kind: 'enum-list',
      values: STUDENTS,
      default: ['hebb', 'gibbs', 'bayes'],
      help: 'comma list of hebb (J = Σ y x, simulated), gibbs (uniform samples of the version space by exact HMC, simulated at N = gibbs-n; with bayes also their centre of mass), bayes (GAMP posterior mean, simulated)',
    },
    {
      name: 'gibbs-n',
      kind: 'int',
      default: 100,
      min: 2,
      max: 1000,
      help: 'N of the Gibbs (HMC) simulation; its cost grows like P² per trajectory, so it runs smaller than --n',
    },
    {
      name: 'gibbs-samples',
      kind: 'int',
      default: 60,
      min: 2,
      max: 100_000,
      help: 'version-space samples per instance (after 10 burn-in trajectories)',
    },
  ],
  tour: { n: 400, alphas: [0.5, 1, 2, 4, 8], trials: 3, students: ['hebb', 'gibbs', 'bayes'] },
  async run(ctx, v) {
    const n = v.n;
    const alphas = v.alphas;
    const trials = v.trials;
    // in the canonical order, whatever order the flag gave
    const students = STUDENTS.filter((x) => v.students.includes(x));
    for (const a of alphas)
      if (Math.round(a * n) < 1)
        throw new UsageError(`--alphas: α = ${a} gives no sample at N = ${n} (P = round(αN) = 0)`);
    const simulated = students.filter((s): s is SimulatedStudent => s === 'hebb' || s === 'bayes');
    const has = (s: Student) => students.includes(s);
    const progressTotal = alphas.length * trials;
    const points: GeneralizationPoint[] = [];
    let step = 0;
    for (const [ai, alpha] of alphas.entries()) {
      const hebb: number[] = [];
      const bayes: number[] = [];
      let conv = 0;
      let p = Math.round(alpha * n);
      if (simulated.length > 0)
        for (let t = 0; t < trials; t++) {
          const inst = perceptronInstance({ n, alpha, prior: 'gaussian', seed: ctx.seedFor(ai, t) });
          p = inst.p;
          const r = studentGeneralization(inst, { students: simulated, amp: { maxIterations: 500 } });
          if (r.hebb) hebb.push(r.hebb.error);
          if (r.bayes) {
            bayes.push(r.bayes.error);
            conv += r.bayes.converged ? 1 : 0;
          }
          ctx.progress(++step / progressTotal);
        }
      let gibbs: GibbsStudentSimulationResult | null = null;
      if (has('gibbs')) {
        const gn = v['gibbs-n'];
        if (Math.round(alpha * gn) < 1)
          throw new UsageError(`--gibbs-n: α = ${alpha} gives no sample at N = ${gn} (P = round(αN) = 0)`);
        gibbs = gibbsStudentSimulation({
          n: gn,
          alpha,
          trials,
          samples: v['gibbs-samples'],
          burnIn: 10,
          seed: ctx.seedFor(ai, 0x6962),
        });
      }
      // theory at the α actually simulated, P/N
      const th = generalizationTheory(p / n);
      const [hm, hs] = hebb.length > 0 ? meanAndStderr(hebb) : [null, null];
      const [bm, bs] = bayes.length > 0 ? meanAndStderr(bayes) : [null, null];
      points.push({
        alpha,
        p,
        eg_hebb_sim: hm,
        eg_hebb_sim_stderr: hs,
        eg_hebb_theory: has('hebb') ? th.hebb.error : null,
        eg_gibbs_theory: has('gibbs') ? th.gibbs.error : null,
        eg_gibbs_sim: gibbs ? gibbs.gibbs.error.mean : null,
        eg_gibbs_sim_stderr: gibbs ? gibbs.gibbs.error.stderr : null,
        eg_bayes_hmc_sim: gibbs && has('bayes') ? gibbs.bayes.error.mean : null,
        eg_bayes_hmc_sim_stderr: gibbs && has('bayes') ? gibbs.bayes.error.stderr : null,
        p_gibbs: gibbs ? gibbs.p : null,
        eg_bayes_sim: bm,
        eg_bayes_sim_stderr: bs,
        eg_bayes_theory: has('bayes') ? th.bayes.error : null,
        bayes_converged: has('bayes') ? conv : null,
      });
    }
    ctx.progress(1, `${alphas.length} ratios × ${trials} instances at N = ${n}`);

    const hi = Math.max(...alphas) * 1.05;
    const grid = Array.from({ length: 120 }, (_, k) => (hi * k) / 119);
    const curves = grid.map(generalizationTheory);
    const label: Record<Student, string> = {
      hebb: 'Hebb',
      gibbs: 'Gibbs (RS, T = 0)',
      bayes: 'Bayes-optimal (centre of mass)',
    };
    const series: Series[] = [
      ...students.map(
        (s): Series => ({
          name: `${label[s]}, theory`,
          kind: 'theory',
          points: curves.map((c) => ({ x: c.alpha, y: c[s].error })),
        }),
      ),
      ...(has('hebb')
        ? [
            {
              name: `Hebb, N = ${n}`,
              kind: 'simulation' as const,
              points: points.map((q) => ({
                x: q.alpha,
                y: q.eg_hebb_sim as number,
                yErr: q.eg_hebb_sim_stderr as number,
              })),
            },
          ]
        : []),
      ...(has('gibbs')
        ? [
            {
              name: `Gibbs (HMC on the version space), N = ${v['gibbs-n']}`,
              kind: 'simulation' as const,
              points: points.map((q) => ({
                x: q.alpha,
                y: q.eg_gibbs_sim as number,
                yErr: q.eg_gibbs_sim_stderr as number,
              })),
            },
          ]
        : []),
      ...(has('gibbs') && has('bayes')
        ? [
            {
              name: `Bayes (HMC centre of mass), N = ${v['gibbs-n']}`,
              kind: 'simulation' as const,
              points: points.map((q) => ({
                x: q.alpha,
                y: q.eg_bayes_hmc_sim as number,
                yErr: q.eg_bayes_hmc_sim_stderr as number,
              })),
            },
          ]
        : []),
      ...(has('bayes')
        ? [
            {
              name: `GAMP (Bayes-optimal), N = ${n}`,
              kind: 'simulation' as const,
              points: points.map((q) => ({
                x: q.alpha,
                y: q.eg_bayes_sim as number,
                yErr: q.eg_bayes_sim_stderr as number,
              })),
            },
          ]
        : []),
    ];
    const asym = generalizationAsymptotes();
    return {
      json: {
        n,
        trials,
        students,
        gibbs_n: has('gibbs') ? v['gibbs-n'] : null,
        gibbs_samples: has('gibbs') ? v['gibbs-samples'] : null,
        normalization:
          'teacher w* ~ N(0, I_N), x ~ N(0, I_N), y = sign(w*·x), P = round(αN); ε_g = arccos(R)/π, R the cosine of the student with w*. Hebb: J = Σ_μ y_μ x_μ. Gibbs: uniform on the version space, R = q from the RS saddle point; simulated by exact HMC (Pakman–Paninski) on the truncated Gaussian at N = gibbs-n, R = mean cosine of the samples; its centre of mass (K → ∞ extrapolated) is a second Bayes estimate. Bayes: the posterior mean (GAMP, Gaussian prior), R = √m with m the Bayes-optimal state-evolution overlap. Theory is at α = P/N.',
        asymptotes: { hebb_sqrt_alpha: asym.hebb, gibbs_alpha: asym.gibbs, bayes_alpha: asym.bayes },
        points,
      },
      figures: [
        seriesFigure({
          name: 'perceptron-generalization',
          title: `Generalization error of the teacher perceptron, N = ${n}`,
          caption: `Points: ε_g = arccos(R)/π from the exact cosine R of the student with the teacher, mean of ${trials} instances per α at N = ${n}, error bars ±1 standard error — the Hebb student J = Σ y x and the GAMP posterior mean (Bayes-optimal)${has('gibbs') ? `; at N = ${v['gibbs-n']}, the Gibbs student (uniform samples of the version space by exact Hamiltonian Monte Carlo, Pakman & Paninski 2014)${has('bayes') ? ' and the centre of mass of those samples' : ''}` : ''}. Lines: N → ∞ theory (Engel & Van den Broeck 2001, ch. 2–3): Hebb R = √(2α/π)/√(1 + 2α/π) (≈ ${asym.hebb.toFixed(3)}/√α), Gibbs R = q from the zero-temperature RS equation (Seung–Sompolinsky–Tishby 1992; ≈ ${asym.gibbs.toFixed(3)}/α), Bayes-optimal R = √q (≈ ${asym.bayes.toFixed(3)}/α).`,
          x: { title: 'sample ratio α = P/N' },
          y: { title: 'generalization error ε_g', domain: [0, 0.5] },
          series,
        }),
      ],
      summary: points.map((q) => {
        const f = (x: number | null) => (x === null ? '–' : x.toFixed(4));
        return `α = ${q.alpha} (P = ${q.p}): Hebb ${f(q.eg_hebb_sim)} ± ${f(q.eg_hebb_sim_stderr)} (theory ${f(q.eg_hebb_theory)}), Bayes/GAMP ${f(q.eg_bayes_sim)} ± ${f(q.eg_bayes_sim_stderr)} (theory ${f(q.eg_bayes_theory)}), Gibbs/HMC ${f(q.eg_gibbs_sim)} ± ${f(q.eg_gibbs_sim_stderr)} (theory ${f(q.eg_gibbs_theory)})`;
      }),
    };
  },
});
