/**
 * The perceptron-capacity experiments in-process: the flag validation (the acceptance invocations
 * run through the CLI in apps/lab/test/capacity-experiments.test.ts).
 */
import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { gardnerCapacityExperiment, perceptronCapacityExperiment } from './capacity';

describe('perceptron-capacity', () => {
  it('refuses a bad flag value, naming it', async () => {
    const run = runExperiment(perceptronCapacityExperiment, ['--inputs', 'uniform']);
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/--inputs/);
  });
});

describe('gardner-capacity', () => {
  it('refuses a negative κ, naming --kappas', async () => {
    const run = runExperiment(gardnerCapacityExperiment, ['--kappas', '-1']);
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/--kappas/);
  });
});
