/**
 * double-descent in-process: the flag validation (the acceptance invocations, ridge and random
 * features against their theory, run through the CLI in apps/lab/test/double-descent.test.ts).
 */
import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { doubleDescentExperiment } from './double-descent';

describe('double-descent', () => {
  it('refuses a bad flag value, naming it', async () => {
    const r = runExperiment(doubleDescentExperiment, ['--model', 'kernel']);
    await expect(r).rejects.toThrow(UsageError);
    await expect(r).rejects.toThrow(/--model/);
    const s = runExperiment(doubleDescentExperiment, ['--lambda', '0', '--ratios', '1', '--d', '50']);
    await expect(s).rejects.toThrow(UsageError);
    await expect(s).rejects.toThrow(/--ratios/);
    const t = runExperiment(doubleDescentExperiment, [
      '--model',
      'random-features',
      '--lambda',
      '0',
      '--ratios',
      '1',
      '--d',
      '20',
    ]);
    await expect(t).rejects.toThrow(UsageError);
    await expect(t).rejects.toThrow(/--ratios/);
  });
});
