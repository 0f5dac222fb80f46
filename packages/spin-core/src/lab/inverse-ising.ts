/**
 * `inverse-ising`: couplings and fields from samples, by Boltzmann learning,
 * pseudo-likelihood, naive mean-field or TAP inversion; with a known truth, the
 * RMS errors and a scatter of inferred against true couplings.
 * @module
 */

import { asUsage, defineExperiment, readInputText, seriesFigure, UsageError } from '@replica/lab-kit';
import type { InverseIsingResult } from '../index';
import {
  denseCouplings,
  inferenceErrors,
  inverseIsingBoltzmann,
  inverseIsingNaiveMeanField,
  inverseIsingPseudoLikelihood,
  inverseIsingTap,
  parseSamples,
  sampleStatistics,
} from '../index';
import type { CouplingsFile } from './couplings-file';
import { readCouplingsFile } from './couplings-file';

/** `inverse-ising`: couplings and fields inferred from samples. */
export const inverseIsingExperiment = defineExperiment({
  name: 'inverse-ising',
  summary: 'Inverse Ising: J and h from samples by Boltzmann learning, pseudo-likelihood, naive mean field or TAP',
  usesBackend: false,
  params: [
    {
      name: 'samples',
      kind: 'path',
      help: 'samples: JSON {"samples": [[...]]} or text, one sample per line (±1 or 0/1)',
    },
    {
      name: 'method',
      kind: 'enum',
      values: ['boltzmann', 'pseudo-likelihood', 'nmf', 'tap'],
      default: 'pseudo-likelihood',
      help: 'inference method',
    },
    { name: 'truth', kind: 'path', help: 'true couplings {"J": [[...]], "h": [...]} to compare with (optional)' },
    { name: 'iterations', kind: 'int', default: 500, min: 1, max: 1_000_000, help: 'boltzmann: gradient steps' },
    { name: 'learning-rate', kind: 'number', default: 0.1, min: 1e-9, max: 100, help: 'boltzmann: learning rate η' },
    {
      name: 'chains',
      kind: 'int',
      default: 200,
      min: 1,
      max: 100_000,
      help: 'boltzmann: persistent Monte Carlo chains',
    },
    { name: 'l2', kind: 'number', default: 1e-5, min: 0, max: 1e3, help: 'pseudo-likelihood: L2 penalty λ on J' },
  ],
  async run(ctx, v) {
    const text = await readInputText(ctx, 'samples', v.samples, 'a samples file');
    const set = asUsage('samples', () => parseSamples(text));
    const method = v.method;
    let truth: CouplingsFile | null = null;
    if (v.truth !== undefined) {
      truth = await readCouplingsFile(ctx, 'truth', v.truth);
      if (truth.J.length !== set.n)
        throw new UsageError(`--truth: has N = ${truth.J.length} spins but the samples have ${set.n}`);
      asUsage('truth', () => denseCouplings(truth!.J, { requireSymmetric: true }));
    }
    let r: InverseIsingResult;
    if (method === 'nmf') r = asUsage('samples', () => inverseIsingNaiveMeanField(sampleStatistics(set)));
    else if (method === 'tap') r = asUsage('samples', () => inverseIsingTap(sampleStatistics(set)));
    else if (method === 'pseudo-likelihood')
      r = asUsage('samples', () => inverseIsingPseudoLikelihood(set, { l2: v.l2 }));
    else {
      r = await asUsage('samples', () =>
        inverseIsingBoltzmann(set, {
          iterations: v.iterations,
          learningRate: v['learning-rate'],
          chains: v.chains,
          seed: ctx.seed,
        }),
      );
    }
    ctx.progress(1, `N = ${set.n}, M = ${set.m} samples`);
    const n = r.n;
    const Jrows = Array.from({ length: n }, (_, i) => Array.from(r.J.subarray(i * n, (i + 1) * n)));
    const json: Record<string, unknown> = { method, N: n, M: set.m, J: Jrows, h: Array.from(r.h) };
    const summary = [`${method}: N = ${n} spins from M = ${set.m} samples`];
    const figures = [];
    if (truth) {
      const tJ = truth.J.flat();
      const tH = truth.h ?? new Array(n).fill(0);
      const e = inferenceErrors(r, tJ, tH);
      json.rmseJ = e.rmseJ;
      json.rmseH = e.rmseH;
      summary.push(`RMS error: J ${e.rmseJ.toExponential(3)}, h ${e.rmseH.toExponential(3)}`);
      const pts = [];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pts.push({ x: tJ[i * n + j]!, y: r.J[i * n + j]! });
      const lo = Math.min(...pts.map((p) => Math.min(p.x, p.y)));
      const hi = Math.max(...pts.map((p) => Math.max(p.x, p.y)));
      figures.push(
        seriesFigure({
          name: 'inverse-ising-couplings',
          title: `Inverse Ising (${method}): inferred vs true couplings`,
          caption: `Every pair i < j of N = ${n} spins from M = ${set.m} samples; RMS error ${e.rmseJ.toExponential(2)} (statistical floor ~ 1/√M = ${(1 / Math.sqrt(set.m)).toExponential(1)}). The line is J_inferred = J_true.`,
          x: { title: 'true J_ij' },
          y: { title: 'inferred J_ij' },
          series: [
            {
              name: 'J_inferred = J_true',
              kind: 'theory',
              points: [
                { x: lo, y: lo },
                { x: hi, y: hi },
              ],
            },
            { name: method, kind: 'simulation', points: pts },
          ],
        }),
      );
    }
    return { json, figures, summary };
  },
});
