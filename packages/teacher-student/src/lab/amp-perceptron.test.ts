/**
 * amp-perceptron in-process: the flag validation (the acceptance invocation runs through the CLI
 * in apps/lab/test/amp-perceptron.test.ts).
 */
import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { ampPerceptronExperiment } from './amp-perceptron';

describe('amp-perceptron', () => {
  it('refuses a bad flag', async () => {
    await expect(runExperiment(ampPerceptronExperiment, ['--prior', 'ternary'])).rejects.toThrow(UsageError);
    await expect(runExperiment(ampPerceptronExperiment, ['--damping', '1.5'])).rejects.toThrow(UsageError);
  });
});
