/**
 * `replica-lab bench --suite rbm` in-process through the CLI host (its flags, backends and peer
 * runner) with tiny settings: the report `bench --json` prints, positive throughputs, exact
 * log-likelihoods on both splits, and a peer that is either measured (with its versions) or
 * reported unavailable with a reason, never dropped.
 */
import { UsageError } from '@replica/lab-kit';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, runBench } from '../src/host/bench';
import { streamReporter } from '../src/host/io';

interface SpeedRow {
  kernel: string;
  size: number;
  hidden: number;
  batchSize: number;
  rows: number;
  backend: string;
  samplesPerSecond: number;
  secondsPerEpoch: number;
  repeats: number;
}

interface LikelihoodRow {
  model: string;
  hidden: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  logZ: number;
  trainLogLikelihood: number;
  testLogLikelihood: number;
  seconds: number;
}

interface Peer {
  name: string;
  available: boolean;
  detail?: string;
  reason?: string;
}

const TINY = ['--backend', 'cpu', '--rbm-hidden', '16', '--min-time', '0.02'];

/** `replica-lab bench` argv → the report `--json` prints (progress silenced). */
async function bench(argv: readonly string[]): Promise<Record<string, unknown>> {
  return (await runBench(parseBenchArgs(argv), streamReporter(process.stderr, true))) as Record<string, unknown>;
}

describe('replica-lab bench --suite rbm', () => {
  it('times CD-1 beside sklearn and reports exact log-likelihoods of ours and sklearn', {
    timeout: 240_000,
  }, async () => {
    const b = (await bench([
      '--suite',
      'rbm',
      ...TINY,
      '--likelihood-hidden',
      '4',
      '--likelihood-epochs',
      '1',
    ])) as unknown as {
      suite: string;
      rows: SpeedRow[];
      peers: Peer[];
      ratios: { kernel: string; backend: string; peer: string; hidden: number; ratio: number }[];
      likelihood: LikelihoodRow[];
      skipped: string[];
    };
    expect(b.suite).toBe('rbm');
    const cpu = b.rows.filter((x) => x.backend === 'cpu');
    expect(cpu).toHaveLength(1);
    expect(cpu[0]).toMatchObject({ kernel: 'rbm-cd1', size: 784, hidden: 16, batchSize: 100, repeats: 3 });
    for (const row of b.rows) {
      expect(row.samplesPerSecond).toBeGreaterThan(0);
      expect(row.rows).toBeGreaterThanOrEqual(100);
      expect(row.samplesPerSecond).toBeCloseTo(row.rows / row.secondsPerEpoch, 6);
    }
    const peer = b.peers.find((p) => p.name === 'sklearn');
    expect(peer).toBeDefined();
    const models = b.likelihood.map((l) => l.model);
    if (peer!.available) {
      expect(peer!.detail).toMatch(/scikit-learn \S+ .*numpy \S+, BLAS .+, \S+ thread/);
      const sk = b.rows.find((x) => x.backend === 'sklearn')!;
      expect(sk).toMatchObject({ kernel: 'rbm-cd1', size: 784, hidden: 16, batchSize: 100 });
      expect(sk.rows).toBe(cpu[0]!.rows);
      expect(b.ratios).toHaveLength(1);
      expect(b.ratios[0]).toMatchObject({ kernel: 'rbm-cd1', backend: 'cpu', peer: 'sklearn', hidden: 16 });
      expect(b.ratios[0]!.ratio).toBeCloseTo(cpu[0]!.samplesPerSecond / sk.samplesPerSecond, 6);
      expect(models).toEqual(['ours', 'sklearn-default', 'sklearn-matched']);
      expect(b.likelihood[1]).toMatchObject({ batchSize: 10, learningRate: 0.1, epochs: 1 });
      expect(b.likelihood[2]).toMatchObject({ batchSize: 100, learningRate: 0.05, epochs: 1 });
    } else {
      expect(peer!.reason).toMatch(/\S/);
      expect(b.skipped.some((s) => s.startsWith('sklearn: '))).toBe(true);
      expect(models).toEqual(['ours']);
    }
    expect(b.likelihood[0]).toMatchObject({ hidden: 4, epochs: 1, batchSize: 100, learningRate: 0.05 });
    for (const l of b.likelihood) {
      expect(l.hidden).toBe(4);
      expect(Number.isFinite(l.logZ)).toBe(true);
      // log p(v) < 0 for a distribution over 2^784 images, and well above the uniform −784 log 2
      for (const ll of [l.trainLogLikelihood, l.testLogLikelihood]) {
        expect(ll).toBeLessThan(0);
        expect(ll).toBeGreaterThan(-784 * Math.LN2);
      }
      expect(l.seconds).toBeGreaterThan(0);
    }
  });

  it('reports a missing Python peer as unavailable with its reason and skips the likelihood on --no-likelihood', async () => {
    const saved = process.env.REPLICA_PYTHON;
    process.env.REPLICA_PYTHON = '/nonexistent/python3'; // the peer runner reads it at call time
    let b: Record<string, unknown> & { rows: SpeedRow[] };
    try {
      b = (await bench(['--suite', 'rbm', ...TINY, '--no-likelihood'])) as typeof b;
    } finally {
      if (saved === undefined) delete process.env.REPLICA_PYTHON;
      else process.env.REPLICA_PYTHON = saved;
    }
    expect(b.likelihood).toBeUndefined();
    expect(b.rows.map((x) => x.backend)).toEqual(['cpu']);
    expect(b.peers).toEqual([{ name: 'sklearn', available: false, reason: expect.stringMatching(/nonexistent/) }]);
    expect(b.ratios).toEqual([]);
    expect(b.skipped).toContainEqual(expect.stringMatching(/^sklearn: .*nonexistent/));
  });

  it('exits 2 on a peer the suite does not know', async () => {
    // a UsageError is what the CLI prints after `replica-lab: ` and exits 2 on
    const run = bench(['--suite', 'rbm', '--peers', 'numpy', '--backend', 'cpu']);
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(
      /--peers: the rbm suite takes auto, none or a comma list of sklearn, got 'numpy'/,
    );
  });
});
