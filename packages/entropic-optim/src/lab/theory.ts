/**
 * `binary-perceptron-theory`: the replica-symmetric entropy of solutions s(α) of the binary
 * perceptron with random labels, its zero α_c (the capacity), and the teacher–student
 * transition, computed (not quoted), beside the annealed bound ln 2·(1 − α).
 * @module
 */
import { defineExperiment, seriesFigure } from '@replica/lab-kit';
import { binaryPerceptronCapacity, binaryPerceptronRS, binaryTeacherStudentTransition } from '../theory';

/** `binary-perceptron-theory`: s(α), α_c and the teacher–student transition. */
export const binaryPerceptronTheoryExperiment = defineExperiment({
  name: 'binary-perceptron-theory',
  summary:
    'Binary perceptron, replica symmetric: the entropy of solutions s(α), the capacity α_c ≈ 0.833 as its zero, the teacher–student transition ≈ 1.245',
  usesBackend: false,
  params: [
    {
      name: 'alphas',
      kind: 'number-list',
      default: [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.833, 0.85, 0.9, 0.95],
      min: 0,
      max: 0.99,
      help: 'loads α = P/N at which s(α) is tabulated',
    },
  ],
  tour: {},
  async run(ctx, v) {
    const points = v.alphas.map((alpha, k) => {
      const r = binaryPerceptronRS(alpha);
      ctx.progress((k + 1) / (v.alphas.length + 2));
      return { alpha, entropy: r.entropy, q: r.q, qHat: r.qHat, annealed: Math.LN2 * (1 - alpha) };
    });
    const capacity = binaryPerceptronCapacity();
    ctx.progress((v.alphas.length + 1) / (v.alphas.length + 2), 'capacity');
    const teacherStudentTransition = binaryTeacherStudentTransition();
    ctx.progress(1, 'teacher–student transition');
    const curve = Array.from({ length: 60 }, (_, k) => (0.97 * k) / 59).map((a) => ({
      x: a,
      y: binaryPerceptronRS(a).entropy,
    }));
    return {
      json: { capacity, teacherStudentTransition, points },
      figures: [
        seriesFigure({
          name: 'binary-perceptron-entropy',
          title: 'Binary perceptron: entropy of solutions (RS)',
          caption: `s(α) = (1/N) ln #solutions for random ±1 labels, replica symmetric, beside the annealed bound ln 2·(1 − α); its zero is the capacity α_c = ${capacity.toFixed(4)} (Krauth–Mézard 0.833). Beyond α_c the RS entropy is negative (no solutions).`,
          x: { title: 'α = P/N' },
          y: { title: 's(α)', unit: 'nats' },
          series: [
            { name: 'RS entropy s(α)', kind: 'theory', points: curve },
            {
              name: 'annealed ln 2·(1 − α)',
              kind: 'theory',
              points: [
                { x: 0, y: Math.LN2 },
                { x: 1, y: 0 },
              ],
            },
            { name: `α_c = ${capacity.toFixed(4)}`, kind: 'theory', mark: 'points', points: [{ x: capacity, y: 0 }] },
          ],
        }),
      ],
      summary: [
        `capacity α_c = ${capacity.toFixed(5)} (zero of the RS entropy; Krauth–Mézard 0.833)`,
        `teacher–student transition α_TS = ${teacherStudentTransition.toFixed(4)} (Györgyi 1.245)`,
        ...points.map(
          (p) =>
            `α = ${p.alpha}: s = ${p.entropy.toFixed(5)}, q = ${p.q.toFixed(4)} (annealed ${p.annealed.toFixed(4)})`,
        ),
      ],
    };
  },
});
