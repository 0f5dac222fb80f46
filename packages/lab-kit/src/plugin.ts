/**
 * A package's lab: its experiments and bench suites, as one object a host lists in its
 * plugins (the CLI's `plugins.ts`, the explorer's panels).
 * @module
 */
import type { BenchSuite } from './bench';
import type { Experiment } from './experiment';

/** What `@replica/<name>/lab` exports for hosts. */
export interface LabPlugin {
  /** The package, e.g. `@replica/hopfield`. */
  readonly package: string;
  /** Its experiments, in the order `list` and the tour show them. */
  readonly experiments: readonly Experiment[];
  /** Its bench suites. */
  readonly benchSuites: readonly BenchSuite[];
}

/**
 * Defines a package's lab.
 * @param plugin - the package name, experiments and bench suites
 * @returns the plugin
 * @throws TypeError when two experiments or two suites share a name
 */
export function defineLab(plugin: LabPlugin): LabPlugin {
  for (const [what, list] of [
    ['experiment', plugin.experiments],
    ['bench suite', plugin.benchSuites],
  ] as const) {
    const seen = new Set<string>();
    for (const x of list) {
      if (seen.has(x.name)) throw new TypeError(`${plugin.package}: ${what} '${x.name}' declared twice`);
      seen.add(x.name);
    }
  }
  return plugin;
}
