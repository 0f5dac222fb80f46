/**
 * `hopfield-retrieval`: corrupt a stored pattern, run T = 0 or T > 0 dynamics with any
 * learning rule, and follow the Mattis overlap m(t) to the attractor; the basin of attraction
 * as final vs initial overlap.
 * @module
 */
import type { Figure } from '@replica/lab-kit';
import { defineExperiment, imageGridFigure, seriesFigure, UsageError } from '@replica/lab-kit';
import { agsRetrievalOverlap, retrieve } from '../index';
import { labCouplings, labPatterns, PATTERN_SOURCES, RULES } from './patterns';

/** `hopfield-retrieval`: from a corrupted pattern to its attractor. */
export const hopfieldRetrievalExperiment = defineExperiment({
  name: 'hopfield-retrieval',
  summary: 'Hopfield retrieval: overlap m(t) from a corrupted pattern to its attractor, and the basin of attraction',
  params: [
    { name: 'n', kind: 'int', min: 8, max: 1_000_000, help: 'spins N (default 1000; MNIST patterns have N = 784)' },
    { name: 'k', kind: 'int', default: 50, min: 1, max: 100_000, help: 'stored patterns K' },
    { name: 'patterns', kind: 'enum', values: PATTERN_SOURCES, default: 'random', help: 'pattern source' },
    { name: 'bias', kind: 'number', default: 0, min: -1, max: 1, help: 'random patterns: mean ⟨ξ⟩ = a' },
    {
      name: 'correlation',
      kind: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      help: 'correlated patterns: c, overlap c² within a family',
    },
    { name: 'ancestors', kind: 'int', default: 5, min: 1, max: 100_000, help: 'correlated patterns: families' },
    { name: 'rule', kind: 'enum', values: RULES, default: 'hebb', help: 'learning rule' },
    {
      name: 'dreaming-time',
      kind: 'number',
      default: 1,
      min: 0,
      max: 1e12,
      help: 'dreaming rule: t (0 = Hebb, ∞ = projector)',
    },
    {
      name: 'examples',
      kind: 'int',
      default: 10,
      min: 1,
      max: 100_000,
      help: 'supervised/unsupervised: examples M per pattern',
    },
    {
      name: 'example-quality',
      kind: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      help: 'supervised/unsupervised: r, each example entry flipped with probability (1 − r)/2',
    },
    { name: 'noise', kind: 'number', default: 0.2, min: 0, max: 1, help: 'fraction of the pattern corrupted' },
    {
      name: 'corruption',
      kind: 'enum',
      values: ['flip', 'mask'],
      default: 'flip',
      help: 'flip random sites, or mask the last fraction with random spins',
    },
    {
      name: 'temperature',
      kind: 'number',
      default: 0,
      min: 0,
      max: 10,
      help: 'temperature T (0: zero-temperature dynamics)',
    },
    {
      name: 'dynamics',
      kind: 'enum',
      values: ['sequential', 'parallel'],
      default: 'sequential',
      help: 'sequential (random site order) or parallel updates',
    },
    { name: 'sweeps', kind: 'int', default: 40, min: 1, max: 1_000_000, help: 'sweeps' },
    { name: 'target', kind: 'int', default: 0, min: 0, max: 100_000, help: 'the pattern to retrieve' },
    {
      name: 'basin-points',
      kind: 'int',
      default: 11,
      min: 0,
      max: 1000,
      help: 'initial overlaps 1 … 0 for the basin figure (0: skip)',
    },
    { name: 'basin-trials', kind: 'int', default: 4, min: 1, max: 10_000, help: 'runs per basin point' },
  ],
  tour: { n: 1000, k: 100, noise: 0.3 },
  async run(ctx, v) {
    const source = v.patterns;
    const n = v.n ?? (source === 'mnist' ? 784 : 1000);
    const k = v.k;
    const target = v.target;
    if (target >= k) throw new UsageError(`--target: expected a pattern index below K = ${k}, got ${target}`);
    if (source === 'mnist' && k > 1000)
      throw new UsageError(`--k: at most 1000 MNIST patterns (100 per class), got ${k}`);
    const rule = v.rule;
    const T = v.temperature;
    const sweeps = v.sweeps;
    const dynamics = v.dynamics;
    const corruption = { kind: v.corruption, fraction: v.noise };
    const xi = await labPatterns(source, k, n, {
      seed: ctx.seedFor(0),
      bias: v.bias,
      correlation: v.correlation,
      ancestors: v.ancestors,
    });
    const J = labCouplings(rule, xi, k, n, {
      dreamingTime: v['dreaming-time'],
      examples: v.examples,
      quality: v['example-quality'],
      seed: ctx.seedFor(1),
    });
    const basinPoints = v['basin-points'];
    const basinTrials = v['basin-trials'];
    const progressTotal = 1 + basinPoints * basinTrials;
    const r = await retrieve(ctx.backend, J, xi, k, {
      target,
      corruption,
      temperature: T,
      dynamics,
      sweeps,
      seed: ctx.seedFor(2),
    });
    ctx.progress(1 / progressTotal);
    const basin = [];
    for (let b = 0; b < basinPoints; b++) {
      // initial overlap m₀ = 1 − 2p for a flipped fraction p ∈ [0, 1/2]
      const p = basinPoints === 1 ? 0 : (0.5 * b) / (basinPoints - 1);
      const finals: number[] = [];
      let m0 = 0;
      for (let t = 0; t < basinTrials; t++) {
        const rb = await retrieve(ctx.backend, J, xi, k, {
          target,
          corruption: { kind: 'flip', fraction: p },
          temperature: T,
          dynamics,
          sweeps,
          seed: ctx.seedFor(3, b, t),
        });
        finals.push(rb.overlap);
        m0 = rb.initialOverlap;
        ctx.progress((2 + b * basinTrials + t) / progressTotal);
      }
      const mean = finals.reduce((a, c) => a + c, 0) / finals.length;
      const std =
        finals.length > 1 ? Math.sqrt(finals.reduce((a, c) => a + (c - mean) ** 2, 0) / (finals.length - 1)) : 0;
      basin.push({ initial_overlap: m0, final_overlap: mean, final_overlap_std: std });
    }
    ctx.progress(1, `N = ${n}, K = ${k}, ${rule}, ${dynamics}, T = ${T}`);
    const theory = rule === 'hebb' && source === 'random' && v.bias === 0 ? agsRetrievalOverlap(k / n, T) : null;
    const figures: Figure[] = [
      seriesFigure({
        name: 'hopfield-retrieval-trajectory',
        title: `Retrieval, N = ${n}, K = ${k} (α = ${(k / n).toFixed(3)}), ${rule}, T = ${T}`,
        caption: `Overlap with pattern ${target} after each ${dynamics} sweep (${ctx.backend.kind}) from a start with ${corruption.kind === 'flip' ? `${(100 * corruption.fraction).toFixed(0)}% of the spins flipped` : `the last ${(100 * corruption.fraction).toFixed(0)}% of the spins random`}. Attractor: ${r.attractor.kind}${r.attractor.patterns.length ? ` (${r.attractor.patterns.join(', ')})` : ''}${r.sweepsToConverge !== null ? `, converged after ${r.sweepsToConverge} sweeps${r.cycle ? ' into a 2-cycle' : ''}` : ', not converged'}.${theory ? ` Line: the AGS retrieval overlap at (α, T) (${theory.phase}).` : ''}`,
        x: { title: 'sweep' },
        y: { title: `overlap m_${target}`, domain: [-1, 1] },
        series: [
          ...(theory
            ? [
                {
                  name: 'AGS retrieval state',
                  kind: 'theory' as const,
                  points: [
                    { x: 0, y: theory.m },
                    { x: sweeps, y: theory.m },
                  ],
                },
              ]
            : []),
          {
            name: `simulation (${ctx.backend.kind})`,
            kind: 'simulation',
            points: [{ x: 0, y: r.initialOverlap }, ...Array.from(r.trajectory, (m, t) => ({ x: t + 1, y: m }))],
          },
        ],
      }),
    ];
    if (basin.length)
      figures.push(
        seriesFigure({
          name: 'hopfield-retrieval-basin',
          title: `Basin of attraction of pattern ${target}, α = ${(k / n).toFixed(3)}, ${rule}`,
          caption: `Final vs initial overlap, ${basinTrials} runs per point (mean ± 1 standard deviation). Points on the line m_final = 1 are retrieved; the basin ends where the final overlap falls off. The diagonal marks no change.`,
          x: { title: 'initial overlap m₀', domain: [0, 1] },
          y: { title: 'final overlap', domain: [-1, 1] },
          series: [
            {
              name: 'm_final = m₀',
              kind: 'theory',
              points: [
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ],
            },
            {
              name: `simulation (${ctx.backend.kind})`,
              kind: 'simulation',
              points: basin.map((b) => ({ x: b.initial_overlap, y: b.final_overlap, yErr: b.final_overlap_std })),
            },
          ],
        }),
      );
    if (source === 'mnist') {
      const start = r.initialState;
      figures.push(
        imageGridFigure({
          name: 'hopfield-retrieval-digits',
          title: `Retrieval of MNIST digit ${target} (${rule})`,
          caption: 'The corrupted start, the state the dynamics reached, and the stored pattern (white = +1).',
          rows: [
            { label: 'start', images: [start] },
            { label: 'result', images: [r.spins] },
            { label: 'stored', images: [xi.subarray(target * n, (target + 1) * n)] },
          ],
          width: 28,
          height: 28,
          scale: 4,
        }),
      );
    }
    return {
      json: {
        n,
        k,
        alpha: k / n,
        rule,
        patterns: source,
        temperature: T,
        dynamics,
        noise: corruption.fraction,
        corruption: corruption.kind,
        initial_overlap: r.initialOverlap,
        overlap: r.overlap,
        trajectory: Array.from(r.trajectory),
        final_overlaps: Array.from(r.finalOverlaps),
        attractor: r.attractor,
        sweeps_to_converge: r.sweepsToConverge,
        cycle: r.cycle,
        m_theory: theory?.m ?? null,
        basin,
      },
      figures,
      summary: [
        `overlap ${r.initialOverlap.toFixed(3)} → ${r.overlap.toFixed(4)}; attractor ${r.attractor.kind}${r.attractor.patterns.length ? ` [${r.attractor.patterns.join(', ')}]` : ''}; ${r.sweepsToConverge !== null ? `converged after ${r.sweepsToConverge} sweeps${r.cycle ? ' (2-cycle)' : ''}` : `not converged in ${sweeps} sweeps`}${theory ? `; AGS m = ${theory.m.toFixed(4)} (${theory.phase})` : ''}`,
        ...basin.map(
          (b) =>
            `basin: m₀ = ${b.initial_overlap.toFixed(3)} → ${b.final_overlap.toFixed(4)} ± ${b.final_overlap_std.toFixed(4)}`,
        ),
      ],
    };
  },
});
