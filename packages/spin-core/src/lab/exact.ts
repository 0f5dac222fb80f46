/**
 * `exact`: exact enumeration of a small Ising model given as a couplings file
 * {"J": [[...]], "h": [...]} (N ≤ 24): log Z, ⟨H⟩, ⟨m⟩ and f.
 * @module
 */

import { asUsage, defineExperiment, UsageError } from '@replica/lab-kit';
import { denseCouplings, exactEnumeration, isingModel, MAX_ENUMERATION_N } from '../index';
import { readCouplingsFile } from './couplings-file';

/** `exact`: exact enumeration of a couplings file. */
export const exactExperiment = defineExperiment({
  name: 'exact',
  summary: `Exact enumeration of a couplings file (N ≤ ${MAX_ENUMERATION_N}): log Z, energy, magnetization, free energy`,
  usesBackend: false,
  params: [
    { name: 'couplings', kind: 'path', help: 'JSON file {"J": [[...]], "h": [...]} with symmetric J (h optional)' },
    { name: 'beta', kind: 'number', default: 1, min: 0, max: 1e6, help: 'inverse temperature β' },
  ],
  async run(ctx, v) {
    const { J, h } = await readCouplingsFile(ctx, 'couplings', v.couplings);
    const n = J.length;
    if (n > MAX_ENUMERATION_N)
      throw new UsageError(`--couplings: N = ${n} is too large for enumeration (at most ${MAX_ENUMERATION_N})`);
    const model = asUsage('couplings', () => isingModel(denseCouplings(J, { requireSymmetric: true }), h));
    const beta = v.beta;
    const r = exactEnumeration(model, beta, { correlations: false });
    ctx.progress(1, `2^${n} states`);
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
});
