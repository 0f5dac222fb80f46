/**
 * `exact`: exact enumeration of a small Ising model given as a couplings file
 * {"J": [[...]], "h": [...]} (N ≤ 24): log Z, ⟨H⟩, ⟨m⟩ and f.
 * @module
 */
import { denseCouplings, exactEnumeration, isingModel, MAX_ENUMERATION_N } from '@replica/spin-core';
import { asUsage, parseCouplingsFile, readJsonFile } from '../inputs';
import { UsageError } from '../params';
import type { Experiment } from './experiment';

export const exactExperiment: Experiment = {
  name: 'exact',
  summary: `Exact enumeration of a couplings file (N ≤ ${MAX_ENUMERATION_N}): log Z, energy, magnetization, free energy`,
  usesBackend: false,
  params: [
    { name: 'couplings', kind: 'path', help: 'JSON file {"J": [[...]], "h": [...]} with symmetric J (h optional)' },
    { name: 'beta', kind: 'number', default: 1, min: 0, max: 1e6, help: 'inverse temperature β' },
  ],
  async run(ctx, v) {
    const { J, h } = parseCouplingsFile(
      readJsonFile(v.couplings, 'couplings', 'a couplings file {"J": [[...]], "h": [...]}'),
      'couplings',
    );
    const n = J.length;
    if (n > MAX_ENUMERATION_N)
      throw new UsageError(`--couplings: N = ${n} is too large for enumeration (at most ${MAX_ENUMERATION_N})`);
    const model = asUsage('couplings', () => isingModel(denseCouplings(J, { requireSymmetric: true }), h));
    const beta = v.beta as number;
    ctx.progress.start('exact enumeration', 1);
    const r = exactEnumeration(model, beta, { correlations: false });
    ctx.progress.end(`2^${n} states`);
    return {
      json: {
        N: n,
        beta,
        logZ: r.logZ,
        energy: r.energy,
        energyPerSpin: r.energy / n,
        magnetization: r.magnetization,
        freeEnergyPerSpin: Number.isFinite(r.freeEnergyPerSpin) ? r.freeEnergyPerSpin : null,
        magnetizations: Array.from(r.magnetizations),
      },
      figures: [],
      summary: [
        `N = ${n}, β = ${beta}: log Z = ${r.logZ}`,
        `⟨H⟩ = ${r.energy}, ⟨m⟩ = ${r.magnetization}, f = ${r.freeEnergyPerSpin}`,
      ],
    };
  },
};
