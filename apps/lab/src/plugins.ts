/**
 * The labs this host serves: one line per package. A package's experiments and bench suites
 * come from its `@replica/<name>/lab` entry; adding one to a package needs no change here.
 * @module
 */

import { entropicOptimLab } from '@replica/entropic-optim/lab';
import { hopfieldLab } from '@replica/hopfield/lab';
import type { BenchSuite, Experiment, LabPlugin } from '@replica/lab-kit';
import { nnLab } from '@replica/nn/lab';
import { rbmLab } from '@replica/rbm/lab';
import { spinCoreLab } from '@replica/spin-core/lab';
import { teacherStudentLab } from '@replica/teacher-student/lab';

/** The plugins, in the order `list`, `tour` and `bench --list` show them. */
export const plugins: readonly LabPlugin[] = [
  spinCoreLab,
  hopfieldLab,
  rbmLab,
  teacherStudentLab,
  nnLab,
  entropicOptimLab,
];

/** Every experiment of every plugin. */
export const experiments: readonly Experiment[] = plugins.flatMap((p) => p.experiments);

/** Every bench suite of every plugin. */
export const benchSuites: readonly BenchSuite[] = plugins.flatMap((p) => p.benchSuites);

/** The experiment called `name`, or undefined. */
export function findExperiment(name: string): Experiment | undefined {
  return experiments.find((e) => e.name === name);
}

/** The package that provides an experiment or suite (for `list` and `bench --list`). */
export function providerOf(item: Experiment | BenchSuite): string {
  return plugins.find(
    (p) => (p.experiments as readonly unknown[]).includes(item) || (p.benchSuites as readonly unknown[]).includes(item),
  )!.package;
}

for (const list of [experiments, benchSuites]) {
  const names = list.map((x) => x.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new Error(`two plugins define '${dup}'`);
}
