/**
 * `binary-perceptron-theory`: the replica-symmetric entropy of solutions s(α) of the binary
 * perceptron with random labels, its zero α_c (the capacity), and the teacher–student
 * transition, computed (not quoted), beside the annealed bound ln 2·(1 − α); and the
 * Franz–Parisi entropy S(d) of the solutions at distance d from a typical one, at several α,
 * negative at small d (typical solutions are isolated).
 * @module
 */
import { defineExperiment, seriesFigure } from '@replica/lab-kit';
import { franzParisiProfile } from '../franz-parisi';
import { binaryPerceptronCapacity, binaryPerceptronRS, binaryTeacherStudentTransition } from '../theory';

/** `binary-perceptron-theory`: s(α), α_c and the teacher–student transition. */
export const binaryPerceptronTheoryExperiment = defineExperiment({
  name: 'binary-perceptron-theory',
  summary:
    'Binary perceptron, replica symmetric: the entropy of solutions s(α), the capacity α_c ≈ 0.833 as its zero, the teacher–student transition ≈ 1.245; the Franz–Parisi entropy S(d) around a typical solution',
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
    {
      name: 'fp-alphas',
      kind: 'number-list',
      default: [0.4, 0.5, 0.6, 0.7, 0.75],
      min: 0.01,
      max: 0.83,
      help: 'loads of the Franz–Parisi curves (none: --fp-alphas with an empty list is refused; use --no-franz-parisi)',
    },
    {
      name: 'fp-distances',
      kind: 'number-list',
      default: [0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5],
      min: 0.0001,
      max: 0.5,
      help: 'distances d from the typical solution (normalized Hamming distance)',
    },
    { name: 'no-franz-parisi', kind: 'flag', help: 'skip the Franz–Parisi curves' },
  ],
  tour: { 'fp-alphas': [0.6], 'fp-distances': [0.01, 0.05, 0.2, 0.4] },
  async run(ctx, v) {
    const points = v.alphas.map((alpha, k) => {
      const r = binaryPerceptronRS(alpha);
      ctx.progress((k + 1) / (v.alphas.length + 2));
      return { alpha, entropy: r.entropy, q: r.q, qHat: r.qHat, annealed: Math.LN2 * (1 - alpha) };
    });
    const capacity = binaryPerceptronCapacity();
    ctx.progress((v.alphas.length + 1) / (v.alphas.length + 2), 'capacity');
    const teacherStudentTransition = binaryTeacherStudentTransition();
    ctx.progress(0.5, 'teacher–student transition');
    const fpAlphas = v['no-franz-parisi'] ? [] : v['fp-alphas'];
    const franzParisi = fpAlphas.map((alpha, k) => {
      const prof = franzParisiProfile(alpha, v['fp-distances']);
      ctx.progress(0.5 + (0.5 * (k + 1)) / fpAlphas.length, `Franz–Parisi α = ${alpha}`);
      const rs = binaryPerceptronRS(alpha);
      const pts = prof.points.flatMap((p) => (p ? [{ distance: p.distance, entropy: p.entropy, q1: p.q1 }] : []));
      // the largest resolved d below the typical distance with S(d) < 0: no solutions that close
      const negative = pts.filter((p) => p.entropy < 0 && p.distance < (1 - rs.q) / 2).map((p) => p.distance);
      return {
        alpha,
        typicalDistance: (1 - rs.q) / 2,
        equilibriumEntropy: rs.entropy,
        points: pts,
        negativeUpTo: negative.length > 0 ? Math.max(...negative) : null,
        unresolved: prof.unresolved,
        unresolvedReason: prof.reason,
      };
    });
    const curve = Array.from({ length: 60 }, (_, k) => (0.97 * k) / 59).map((a) => ({
      x: a,
      y: binaryPerceptronRS(a).entropy,
    }));
    return {
      json: { capacity, teacherStudentTransition, points, franzParisi },
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
        ...(franzParisi.length === 0
          ? []
          : [
              seriesFigure({
                name: 'binary-perceptron-franz-parisi',
                title: 'Binary perceptron: entropy of solutions around a typical solution (Franz–Parisi, RS)',
                caption: `S(d) = (1/N) ln #{solutions at normalized Hamming distance d from a solution drawn uniformly}: maximal (= s(α)) at the typical distance, negative at small d for every load shown where it is resolved — typical solutions are isolated (Huang & Kabashima 2014).${
                  franzParisi.some((f) => f.unresolved.length > 0)
                    ? ` Not resolved by the solver: ${franzParisi
                        .filter((f) => f.unresolved.length > 0)
                        .map(
                          (f) =>
                            `α = ${f.alpha}: d ≤ ${Math.max(...f.unresolved.filter((d) => d < f.typicalDistance), 0)}`,
                        )
                        .join('; ')}.`
                    : ''
                }`,
                x: { title: 'd' },
                y: { title: 'S(d)', unit: 'nats' },
                series: [
                  ...franzParisi.map((f) => ({
                    name: `α = ${f.alpha}`,
                    kind: 'theory' as const,
                    points: f.points.map((p) => ({ x: p.distance, y: p.entropy })),
                  })),
                  {
                    name: 'S = 0',
                    kind: 'theory' as const,
                    points: [
                      { x: 0, y: 0 },
                      { x: 0.5, y: 0 },
                    ],
                  },
                ],
              }),
            ]),
      ],
      summary: [
        `capacity α_c = ${capacity.toFixed(5)} (zero of the RS entropy; Krauth–Mézard 0.833)`,
        `teacher–student transition α_TS = ${teacherStudentTransition.toFixed(4)} (Györgyi 1.245)`,
        ...points.map(
          (p) =>
            `α = ${p.alpha}: s = ${p.entropy.toFixed(5)}, q = ${p.q.toFixed(4)} (annealed ${p.annealed.toFixed(4)})`,
        ),
        ...franzParisi.map(
          (f) =>
            `Franz–Parisi α = ${f.alpha}: S(d) max ${f.equilibriumEntropy.toFixed(4)} at d = ${f.typicalDistance.toFixed(4)}; ${f.negativeUpTo === null ? 'no resolved d below it with S < 0' : `S(d) < 0 for resolved d ≤ ${f.negativeUpTo} below it`}${f.unresolved.length > 0 ? `; unresolved d: ${f.unresolved.join(', ')}` : ''}`,
        ),
      ],
    };
  },
});
