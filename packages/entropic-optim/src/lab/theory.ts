/**
 * `binary-perceptron-theory`: the replica-symmetric entropy of solutions s(α) of the binary
 * perceptron with random labels, its zero α_c (the capacity), and the teacher–student
 * transition, computed (not quoted), beside the annealed bound ln 2·(1 − α); and the
 * Franz–Parisi entropy S(d) of the solutions at distance d from a typical one, at several α,
 * negative at small d (typical solutions are isolated); and the large-deviation local entropy
 * S_I(d) at y* around the densest solutions, positive there, with the load α_U where it stops
 * being monotone (opt-in).
 * @module
 */
import { defineExperiment, seriesFigure, UsageError } from '@replica/lab-kit';
import { franzParisiProfile } from '../franz-parisi';
import { localEntropyProfile, localEntropyTransition } from '../local-entropy';
import { binaryEntropy } from '../quadrature';
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
    {
      name: 'le-alphas',
      kind: 'number-list',
      default: [0.4, 0.5, 0.6, 0.7, 0.75],
      min: 0.01,
      max: 1.24,
      help: 'loads of the large-deviation local-entropy curves S_I(d) at y* (Baldassi et al. 2015; ≤ 0.83 with random labels)',
    },
    {
      name: 'le-distances',
      kind: 'number-list',
      default: [0.005, 0.01, 0.02, 0.05],
      min: 0.001,
      max: 0.45,
      help: 'distances d of the local-entropy curves (each point walks y up to y*: seconds to a minute)',
    },
    { name: 'no-local-entropy', kind: 'flag', help: 'skip the local-entropy curves' },
    {
      name: 'le-labels',
      kind: 'enum',
      values: ['random', 'teacher'] as const,
      default: 'random',
      help: 'labels of the local-entropy curves and of α_U: random, or a ±1 teacher (then --le-alphas may go up to 1.24)',
    },
    {
      name: 'alpha-u',
      kind: 'flag',
      help: 'also locate α_U, where S_I(d) at y* stops being monotone on --le-distances (bisection: tens of minutes)',
    },
    {
      name: 'alpha-u-bracket',
      kind: 'number-list',
      default: [0.7, 0.8],
      min: 0.01,
      max: 1.24,
      help: 'the starting bracket of the α_U bisection: a monotone load, then a non-monotone one (teacher: e.g. 1,1.2)',
    },
  ],
  tour: {
    'fp-alphas': [0.6],
    'fp-distances': [0.01, 0.05, 0.2, 0.4],
    'le-alphas': [0.6],
    'le-distances': [0.02, 0.05],
  },
  async run(ctx, v) {
    const bracket = v['alpha-u-bracket'];
    if (bracket.length !== 2 || !(bracket[0]! < bracket[1]!))
      throw new UsageError(`--alpha-u-bracket: expected two loads, the smaller first, got ${bracket.join(',')}`);
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
      ctx.progress(0.5 + (0.2 * (k + 1)) / fpAlphas.length, `Franz–Parisi α = ${alpha}`);
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
    // the local entropy around the densest references, at the largest y where Σ ≥ 0
    const leAlphas = v['no-local-entropy'] ? [] : v['le-alphas'];
    const leDistances = [...v['le-distances']].sort((a, b) => a - b);
    const teacherLabels = v['le-labels'] === 'teacher';
    if (!teacherLabels)
      for (const a of [...leAlphas, ...(v['alpha-u'] ? bracket : [])])
        if (a >= 0.83)
          throw new UsageError(
            `--le-alphas/--alpha-u-bracket: with random labels a load must be < 0.83 (α_c), got ${a}`,
          );
    const leOptions = teacherLabels ? ({ labels: 'teacher' } as const) : {};
    const localEntropy = leAlphas.map((alpha, k) => {
      const prof = localEntropyProfile(alpha, leDistances, leOptions);
      ctx.progress(0.7 + (0.25 * (k + 1)) / leAlphas.length, `local entropy α = ${alpha}`);
      return {
        alpha,
        points: prof.points.map((p) => ({
          distance: p.distance,
          yStar: p.y,
          // Σ > 0 up to the walk's yMax: y* is above it and S_I a lower bound
          yStarAboveMax: p.yStarAboveMax,
          internalEntropy: p.internalEntropy,
          freeEntropy: p.freeEntropy,
          q1: p.q1,
          // the Franz–Parisi entropy here is the random-label one: beside teacher labels, none
          franzParisi: teacherLabels
            ? null
            : (franzParisi.find((f) => f.alpha === alpha)?.points.find((q) => q.distance === p.distance)?.entropy ??
              null),
        })),
        monotone: prof.monotone,
        failed: prof.failed,
      };
    });
    // α_U (opt-in: a bisection over loads, each a whole profile)
    const transition = v['alpha-u']
      ? localEntropyTransition({
          below: v['alpha-u-bracket'][0]!,
          above: v['alpha-u-bracket'][1]!,
          distances: leDistances,
          ...leOptions,
          onProfile: (p) =>
            ctx.progress(0.97, `α_U bisection: α = ${p.alpha} ${p.monotone ? 'monotone' : 'not monotone'}`),
        })
      : null;
    const curve = Array.from({ length: 60 }, (_, k) => (0.97 * k) / 59).map((a) => ({
      x: a,
      y: binaryPerceptronRS(a).entropy,
    }));
    return {
      json: {
        capacity,
        teacherStudentTransition,
        points,
        franzParisi,
        localEntropyLabels: v['le-labels'],
        localEntropy,
        ...(transition
          ? {
              alphaU: {
                estimate: transition.alphaU,
                below: transition.below,
                above: transition.above,
                profiles: transition.profiles.map((p) => ({
                  alpha: p.alpha,
                  monotone: p.monotone,
                  failed: p.failed.map((f) => f.distance),
                })),
              },
            }
          : {}),
      },
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
        ...(localEntropy.length === 0
          ? []
          : [
              seriesFigure({
                name: 'binary-perceptron-local-entropy',
                title: `Binary perceptron${teacherLabels ? ' (teacher–student)' : ''}: local entropy around the densest solutions (large deviations, RS, y = y*)`,
                caption: `S_I(d) = (1/N) ln #{solutions at distance d from a reference of the robust ensemble}, at the largest y where the external entropy Σ(d, y) ≥ 0 (y*; where Σ stays positive up to y = 60, at 60, a lower bound), beside the α = 0 bound h₂(d) = −d ln d − (1 − d) ln(1 − d) and, as points, the Franz–Parisi entropy around typical solutions at the same d. Positive at small d: dense regions of solutions exist where typical solutions are isolated (Baldassi et al. 2015).${
                  localEntropy.some((l) => l.failed.length > 0)
                    ? ` Not solved: ${localEntropy
                        .filter((l) => l.failed.length > 0)
                        .map((l) => `α = ${l.alpha}: d = ${l.failed.map((f) => f.distance).join(', ')}`)
                        .join('; ')}.`
                    : ''
                }`,
                x: { title: 'd' },
                y: { title: 'S_I(d)', unit: 'nats' },
                series: [
                  {
                    name: 'α = 0: h₂(d)',
                    kind: 'theory' as const,
                    points: Array.from({ length: 40 }, (_, i) => {
                      const d = ((i + 1) / 40) * Math.max(...leDistances);
                      return { x: d, y: binaryEntropy(d) };
                    }),
                  },
                  ...localEntropy.map((l) => ({
                    name: `α = ${l.alpha}`,
                    kind: 'theory' as const,
                    points: l.points.map((p) => ({ x: p.distance, y: p.internalEntropy })),
                  })),
                  ...localEntropy.flatMap((l) => {
                    const fp = l.points.filter((p) => p.franzParisi !== null);
                    return fp.length === 0
                      ? []
                      : [
                          {
                            name: `Franz–Parisi α = ${l.alpha}`,
                            kind: 'theory' as const,
                            mark: 'points' as const,
                            points: fp.map((p) => ({ x: p.distance, y: p.franzParisi! })),
                          },
                        ];
                  }),
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
        ...localEntropy.map(
          (l) =>
            `local entropy${teacherLabels ? ' (teacher)' : ''} α = ${l.alpha} (y*): ${l.points.map((p) => `S_I(${p.distance}) ${p.yStarAboveMax ? '≥' : '='} ${p.internalEntropy.toFixed(4)} (y* ${p.yStarAboveMax ? '>' : '='} ${p.yStar.toFixed(1)})`).join(', ')}; ${l.monotone ? 'rising with d' : 'NOT monotone in d (beyond α_U)'}${l.failed.length > 0 ? `; not solved at d = ${l.failed.map((f) => f.distance).join(', ')}` : ''}`,
        ),
        ...(transition
          ? [
              `α_U (S_I(d) at y* stops being monotone on d = ${leDistances.join(', ')}): ${transition.alphaU.toFixed(4)} (bracket ${transition.below.toFixed(4)}–${transition.above.toFixed(4)}; thesis ≈ ${teacherLabels ? '1.1 with a teacher' : '0.77'})`,
            ]
          : []),
      ],
    };
  },
});
