/**
 * log Z of an RBM by the cheapest method that is exact where it can be: enumeration of the
 * smaller layer when it has few enough units, forward AIS otherwise.
 * @module
 */
import type { Backend } from '@replica/webgpu-kernels';
import type { AisOptions } from './ais';
import { annealedImportanceSampling } from './ais';
import type { RbmLayer } from './exact';
import { exactLayer, logPartitionExact, MAX_EXACT_UNITS } from './exact';

export { exactLayer } from './exact';

import type { Rbm } from './model';

/** Options of {@link estimateLogZ}. */
export interface EstimateLogZOptions {
  /** Sum exactly over a layer of at most this many units (default 20, at most {@link MAX_EXACT_UNITS}). */
  readonly exactUpTo?: number;
  /** Forward AIS when no layer is small enough (its `reverse` is ignored: forward only). */
  readonly ais: AisOptions;
}

/** A log Z and how it was obtained. */
export interface LogZEstimate {
  readonly logZ: number;
  readonly method: 'exact' | 'ais';
  /** The layer summed over (exact). */
  readonly over?: RbmLayer;
  /** Forward AIS: the standard error of log Z (a stochastic lower bound). */
  readonly stderr?: number;
}

/**
 * log Z exactly when a layer has at most `exactUpTo` units, else by forward AIS.
 * @param backend - where AIS runs
 * @param rbm - the machine
 * @param options - the exact threshold and the AIS settings
 * @returns log Z, the method and (AIS) its standard error
 * @throws RangeError when `exactUpTo` is not an integer in [0, MAX_EXACT_UNITS]
 * @see R. Salakhutdinov, I. Murray, "On the quantitative analysis of deep belief networks", ICML (2008).
 */
export async function estimateLogZ(backend: Backend, rbm: Rbm, options: EstimateLogZOptions): Promise<LogZEstimate> {
  const upTo = options.exactUpTo ?? 20;
  if (!Number.isSafeInteger(upTo) || upTo < 0 || upTo > MAX_EXACT_UNITS)
    throw new RangeError(`exactUpTo: expected an integer in [0, ${MAX_EXACT_UNITS}], got ${upTo}`);
  const layer = exactLayer(rbm, upTo);
  if (layer !== null) return { logZ: logPartitionExact(rbm, { over: layer }).logZ, method: 'exact', over: layer };
  const ais = await annealedImportanceSampling(backend, rbm, { ...options.ais, reverse: false });
  return { logZ: ais.forward.logZ, method: 'ais', stderr: ais.forward.stderr };
}
