/**
 * `@replica/datasets` is an optional peer of the hopfield package (its MNIST digits weigh
 * 40 MB): the lab loads it only for the experiments that store digits, and says how to get
 * it when it is missing.
 * @module
 */
import { UsageError } from '@replica/lab-kit';

/** The datasets module, loaded on first use. */
export async function loadDatasets(flag: string): Promise<typeof import('@replica/datasets')> {
  // a computed specifier: bundlers leave the Node-only datasets package out of browser builds
  const specifier = '@replica/datasets';
  try {
    return (await import(/* @vite-ignore */ specifier)) as typeof import('@replica/datasets');
  } catch (e) {
    throw new UsageError(
      `--${flag}: MNIST digits need the optional package @replica/datasets (npm install @replica/datasets): ${(e as Error).message}`,
    );
  }
}
