/**
 * `perceptron-capacity`: the fraction of random ±1-labelled point sets in R^N that are linearly
 * separable, each decided exactly by linear programming, beside Cover's C(P, N)/2^P;
 * `gardner-capacity`: Gardner's replica-symmetric α_c(κ) of the spherical perceptron beside the
 * binary-weight literature values.
 * @module
 */

import { defineExperiment, seriesFigure, UsageError } from '@replica/lab-kit';
import {
  BINARY_PERCEPTRON_CAPACITY,
  BINARY_TEACHER_STUDENT_THRESHOLD,
  coverProbability,
  gardnerCapacity,
  separableFraction,
} from '../index';

/** One load of `perceptron-capacity --json`. */
interface SeparablePoint {
  readonly alpha: number;
  readonly p: number;
  readonly p_separable: number;
  readonly p_separable_stderr: number;
  readonly separable: number;
  readonly cover: number;
}

/** `perceptron-capacity`: exact LP separability beside Cover. */
export const perceptronCapacityExperiment = defineExperiment({
  name: 'perceptron-capacity',
  summary:
    'Perceptron capacity: fraction of random dichotomies that are linearly separable (exact LP) beside Cover’s C(P, N)/2^P',
  usesBackend: false,
  params: [
    { name: 'n', kind: 'int', default: 40, min: 1, max: 200, help: 'input dimension N' },
    {
      name: 'alphas',
      kind: 'number-list',
      default: [0.5, 1, 1.5, 1.75, 2, 2.25, 2.5, 3],
      min: 0,
      max: 8,
      help: 'loads α = P/N (P = round(αN))',
    },
    { name: 'trials', kind: 'int', default: 200, min: 1, max: 1_000_000, help: 'random instances per load' },
    {
      name: 'inputs',
      kind: 'enum',
      values: ['gaussian', 'binary'],
      default: 'gaussian',
      help: 'input distribution: Gaussian N(0, 1) (Cover exact) or ±1 (Cover as N → ∞)',
    },
  ],
  tour: { n: 40, alphas: [1, 1.5, 2, 2.5, 3], trials: 100, inputs: 'gaussian' },
  async run(ctx, v) {
    const n = v.n;
    const alphas = v.alphas;
    const trials = v.trials;
    const inputs = v.inputs;
    for (const a of alphas)
      if (Math.round(a * n) * n > 400 * 400)
        throw new UsageError(
          `--alphas: α = ${a} at N = ${n} gives an LP of ${Math.round(a * n)} × ${n}, above the 400 × 400 this runs`,
        );
    const progressTotal = alphas.length;
    const points: SeparablePoint[] = [];
    for (const [ai, alpha] of alphas.entries()) {
      const r = separableFraction({ n, alpha, trials, inputs, seed: ctx.seedFor(ai) });
      points.push({
        alpha,
        p: r.points,
        p_separable: r.p,
        p_separable_stderr: r.stderr,
        separable: r.separable,
        cover: r.cover,
      });
      ctx.progress((ai + 1) / progressTotal);
    }
    ctx.progress(1, `${alphas.length} loads × ${trials} instances at N = ${n}`);
    const pMax = Math.max(Math.ceil(Math.max(...alphas, 2.5) * n * 1.05), 1);
    const coverCurve = Array.from({ length: pMax + 1 }, (_, p) => ({ x: p / n, y: coverProbability(p, n) }));
    return {
      json: { n, trials, inputs, points, alpha_c_cover: 2 },
      figures: [
        seriesFigure({
          name: 'perceptron-capacity',
          title: `Perceptron capacity, N = ${n}: P(separable) vs load`,
          caption: `Points: the fraction of ${trials} random instances (${inputs === 'gaussian' ? 'Gaussian' : '±1'} inputs, random ±1 labels) that are linearly separable through the origin, each decided exactly by linear programming; error bars ±1 binomial standard error. Line: Cover's C(P, N)/2^P at every integer P${inputs === 'binary' ? ' (exact for points in general position; ±1 inputs reach it only as N → ∞)' : ''}, which crosses 1/2 at α = 2 and becomes a step at α_c = 2 as N → ∞.`,
          x: { title: 'load α = P/N' },
          y: { title: 'P(separable)', domain: [0, 1.02] },
          series: [
            { name: `Cover C(P, N)/2^P, N = ${n}`, kind: 'theory', points: coverCurve },
            {
              name: `exact LP, N = ${n}`,
              kind: 'simulation',
              points: points.map((p) => ({ x: p.alpha, y: p.p_separable, yErr: p.p_separable_stderr })),
            },
          ],
        }),
      ],
      summary: points.map(
        (p) =>
          `α = ${p.alpha} (P = ${p.p}): P(separable) = ${p.p_separable.toFixed(4)} ± ${p.p_separable_stderr.toFixed(4)} (Cover ${p.cover.toFixed(4)})`,
      ),
    };
  },
});

/** `gardner-capacity`: Gardner's α_c(κ) with the binary-weight literature values. */
export const gardnerCapacityExperiment = defineExperiment({
  name: 'gardner-capacity',
  summary:
    'Gardner capacity α_c(κ) of the spherical perceptron vs stability κ, with the binary-weight literature values',
  usesBackend: false,
  params: [
    {
      name: 'kappas',
      kind: 'number-list',
      default: [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3],
      min: 0,
      max: 1000,
      help: 'stabilities κ ≥ 0',
    },
  ],
  tour: { kappas: [0, 0.5, 1, 2] },
  async run(_ctx, v) {
    const kappas = v.kappas;
    const points = kappas.map((kappa) => ({ kappa, alpha_c: gardnerCapacity(kappa) }));
    const kMax = Math.max(...kappas, 1);
    const curve = Array.from({ length: 201 }, (_, i) => {
      const kappa = (kMax * i) / 200;
      return { x: kappa, y: gardnerCapacity(kappa) };
    });
    return {
      json: {
        points,
        binary_perceptron_capacity: BINARY_PERCEPTRON_CAPACITY,
        binary_teacher_student_threshold: BINARY_TEACHER_STUDENT_THRESHOLD,
        literature: {
          binary_perceptron_capacity: 'Krauth & Mézard, J. Phys. France 50, 3057 (1989)',
          binary_teacher_student_threshold: 'Györgyi, Phys. Rev. A 41, 7097 (1990)',
        },
      },
      figures: [
        seriesFigure({
          name: 'gardner-capacity',
          title: 'Gardner capacity of the spherical perceptron vs stability κ',
          caption: `Line: α_c(κ) = [∫_{−κ}^∞ Dt (t + κ)²]⁻¹ = [(1 + κ²)Φ(κ) + κφ(κ)]⁻¹ (Gardner 1988), 2 at κ = 0 (Cover) and ~1/κ² for large κ; points at the requested κ. For binary weights w_i = ±1 the capacity at κ = 0 is α_c ≈ ${BINARY_PERCEPTRON_CAPACITY} (Krauth–Mézard 1989) and a binary student learns a binary teacher perfectly above α ≈ ${BINARY_TEACHER_STUDENT_THRESHOLD} (Györgyi 1990): literature values.`,
          x: { title: 'stability κ' },
          y: { title: 'capacity α_c' },
          series: [
            { name: 'Gardner α_c(κ), continuous weights', kind: 'theory', points: curve },
            { name: 'requested κ', kind: 'simulation', points: points.map((p) => ({ x: p.kappa, y: p.alpha_c })) },
            {
              name: `binary weights, κ = 0: α_c ≈ ${BINARY_PERCEPTRON_CAPACITY} (Krauth–Mézard)`,
              kind: 'simulation',
              points: [{ x: 0, y: BINARY_PERCEPTRON_CAPACITY }],
            },
          ],
        }),
      ],
      summary: [
        ...points.map((p) => `κ = ${p.kappa}: α_c = ${p.alpha_c.toFixed(6)}`),
        `binary weights (literature): α_c ≈ ${BINARY_PERCEPTRON_CAPACITY} (Krauth–Mézard 1989); teacher–student perfect generalization at α ≈ ${BINARY_TEACHER_STUDENT_THRESHOLD} (Györgyi 1990)`,
      ],
    };
  },
});
