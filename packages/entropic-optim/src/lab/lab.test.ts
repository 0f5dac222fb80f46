import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { committeeRsgdExperiment } from './committee';
import { binaryPerceptronSolversExperiment } from './solvers';
import { binaryPerceptronTheoryExperiment } from './theory';

describe('entropic-optim lab', () => {
  it('binary-perceptron-theory: the capacity and the teacher–student transition, computed', async () => {
    const { result } = await runExperiment(binaryPerceptronTheoryExperiment, [
      '--alphas',
      '0.2,0.5,0.9',
      '--no-franz-parisi',
      '--no-local-entropy',
    ]);
    const j = result.json as { capacity: number; teacherStudentTransition: number; points: { entropy: number }[] };
    expect(j.capacity).toBeCloseTo(0.833, 3);
    expect(j.teacherStudentTransition).toBeCloseTo(1.245, 2);
    expect(j.points.map((p) => Math.sign(p.entropy))).toEqual([1, 1, -1]);
    expect(result.figures.map((f) => f.name)).toEqual(['binary-perceptron-entropy']);
  });

  it('binary-perceptron-theory: a Franz–Parisi curve, negative near the reference, maximal (= s) at the typical distance', async () => {
    const { result } = await runExperiment(binaryPerceptronTheoryExperiment, [
      '--alphas',
      '0.6',
      '--fp-alphas',
      '0.6',
      '--fp-distances',
      '0.01,0.1,0.45',
      '--no-local-entropy',
    ]);
    type Fp = {
      alpha: number;
      equilibriumEntropy: number;
      typicalDistance: number;
      points: { distance: number; entropy: number }[];
      negativeUpTo: number | null;
      unresolved: number[];
    };
    const [f] = (result.json as { franzParisi: Fp[] }).franzParisi;
    expect(f!.points.map((p) => p.distance)).toEqual([0.01, 0.1, 0.45]);
    expect(f!.points[0]!.entropy).toBeLessThan(0);
    for (const p of f!.points) expect(p.entropy).toBeLessThan(f!.equilibriumEntropy);
    expect(f!.negativeUpTo).toBe(0.01);
    expect(f!.unresolved).toEqual([]);
    expect(result.figures.map((x) => x.name)).toEqual(['binary-perceptron-entropy', 'binary-perceptron-franz-parisi']);
  });

  it('binary-perceptron-theory: the local entropy at y*, above Franz–Parisi, below h₂(d), rising with d', async () => {
    const { result } = await runExperiment(binaryPerceptronTheoryExperiment, [
      '--alphas',
      '0.6',
      '--fp-alphas',
      '0.6',
      '--fp-distances',
      '0.02,0.05',
      '--le-alphas',
      '0.6',
      '--le-distances',
      '0.05,0.02',
    ]);
    type Le = {
      alpha: number;
      points: { distance: number; yStar: number; internalEntropy: number; franzParisi: number | null }[];
      monotone: boolean;
      failed: unknown[];
    };
    const [l] = (result.json as { localEntropy: Le[] }).localEntropy;
    expect(l!.points.map((p) => p.distance)).toEqual([0.02, 0.05]);
    expect(l!.failed).toEqual([]);
    expect(l!.monotone).toBe(true);
    for (const p of l!.points) {
      const h2 = -p.distance * Math.log(p.distance) - (1 - p.distance) * Math.log(1 - p.distance);
      expect(p.internalEntropy).toBeGreaterThan(p.franzParisi!);
      expect(p.internalEntropy).toBeLessThan(h2);
      expect(p.yStar).toBeGreaterThan(1);
    }
    expect(result.figures.map((x) => x.name)).toContain('binary-perceptron-local-entropy');
    await expect(
      runExperiment(binaryPerceptronTheoryExperiment, ['--no-franz-parisi', '--alpha-u-bracket', '0.8,0.7']),
    ).rejects.toThrow(/--alpha-u-bracket/);
  }, 120_000);

  it('binary-perceptron-solvers: per solver and α a success rate and the median flips of the solved runs', async () => {
    const { result } = await runExperiment(binaryPerceptronSolversExperiment, [
      '--n',
      '61',
      '--alphas',
      '0.2,0.9',
      '--trials',
      '3',
      '--sweeps',
      '400',
      '--scaling-sizes',
      '31,61',
      '--scaling-alpha',
      '0.2',
    ]);
    const j = result.json as {
      points: { solver: string; alpha: number; successRate: number; medianIterations: number | null }[];
      scaling: {
        alpha: number;
        rows: {
          solver: string;
          n: number;
          successes: number;
          medianIterations: number | null;
          lowerQuartile: number | null;
          upperQuartile: number | null;
        }[];
      };
    };
    // the scaling study: per N and solver, quartiles around the median of the solved runs
    expect(j.scaling.rows.map((r) => [r.n, r.solver])).toEqual([
      [31, 'sa'],
      [31, 'rsa'],
      [61, 'sa'],
      [61, 'rsa'],
    ]);
    for (const r of j.scaling.rows) {
      expect(r.successes).toBe(3);
      expect(r.lowerQuartile!).toBeLessThanOrEqual(r.medianIterations!);
      expect(r.medianIterations!).toBeLessThanOrEqual(r.upperQuartile!);
    }
    expect(result.figures.map((x) => x.name)).toEqual(['binary-perceptron-solvers', 'binary-perceptron-scaling']);
    await expect(runExperiment(binaryPerceptronSolversExperiment, ['--scaling-sizes', '30'])).rejects.toThrow(
      /--scaling-sizes: N must be odd/,
    );
    expect(j.points.map((p) => [p.solver, p.alpha])).toEqual([
      ['sa', 0.2],
      ['rsa', 0.2],
      ['sa', 0.9],
      ['rsa', 0.9],
    ]);
    // α = 0.2 is easy at N = 61; α = 0.9 is above the capacity: typically no solution exists
    for (const p of j.points.filter((q) => q.alpha === 0.2)) {
      expect(p.successRate).toBe(1);
      expect(p.medianIterations).toBeGreaterThan(0);
    }
    await expect(runExperiment(binaryPerceptronSolversExperiment, ['--n', '60'])).rejects.toThrow(/--n: must be odd/);
  }, 60_000);

  it('binary-perceptron-solvers --solvers rsgd --solution-entropy: rSGD on the same instances, the local entropy around the solutions', async () => {
    const { result } = await runExperiment(binaryPerceptronSolversExperiment, [
      '--n',
      '61',
      '--alphas',
      '0.3',
      '--solvers',
      'sa,rsgd',
      '--trials',
      '2',
      '--no-scaling',
      '--solution-entropy',
      '--solution-flips',
      '1,3',
      '--solution-samples',
      '300',
    ]);
    type Se = {
      solver: string;
      solutions: number;
      bp: { gamma: number; distance: number | null; entropy: number | null }[];
      sampled: { flips: number; entropy: number | null; allConfigurations: number }[];
    };
    const j = result.json as {
      points: { solver: string; successRate: number; medianIterations: number | null }[];
      iterationUnits: Record<string, string>;
      solutionEntropy: Se[];
    };
    expect(j.iterationUnits.rsgd).toBe('SGD steps');
    const rsgd = j.points.find((p) => p.solver === 'rsgd')!;
    expect(rsgd.successRate).toBe(1);
    expect(rsgd.medianIterations).toBeGreaterThan(0);
    const e = j.solutionEntropy.find((x) => x.solver === 'rsgd')!;
    expect(e.solutions).toBe(2);
    for (const b of e.bp) {
      const d = b.distance!;
      // never above the count of all configurations at that distance (BP's error ≲ 0.01 here)
      expect(b.entropy!).toBeLessThan(-d * Math.log(d) - (1 - d) * Math.log(1 - d) + 0.01);
    }
    // d falls as γ grows (the default γ grid is decreasing)
    for (let i = 1; i < e.bp.length; i++) expect(e.bp[i]!.distance!).toBeGreaterThan(e.bp[i - 1]!.distance!);
    for (const r of e.sampled) if (r.entropy !== null) expect(r.entropy).toBeLessThanOrEqual(r.allConfigurations);
    expect(result.figures.map((x) => x.name)).toContain('binary-perceptron-solution-entropy');
  }, 120_000);

  it('binary-perceptron-solvers --solvers edmc: EdMC on the same instances, its proposals as iterations', async () => {
    const { result } = await runExperiment(binaryPerceptronSolversExperiment, [
      '--n',
      '31',
      '--alphas',
      '0.3',
      '--solvers',
      'sa,edmc',
      '--trials',
      '2',
      '--no-scaling',
      '--edmc-sweeps',
      '30',
    ]);
    const pts = (result.json as { points: { solver: string; successRate: number; medianIterations: number | null }[] })
      .points;
    expect(pts.map((q) => q.solver)).toEqual(['sa', 'edmc']);
    expect(pts[1]!.successRate).toBe(1);
    expect(pts[1]!.medianIterations).toBeGreaterThan(0);
  }, 60_000);

  it('committee-rsgd: per y and α a success rate on the same instances, epochs to solution, the figure', async () => {
    const { result } = await runExperiment(committeeRsgdExperiment, [
      '--n',
      '21',
      '--k',
      '3',
      '--alphas',
      '0.1,1.5',
      '--replicas',
      '1,3',
      '--trials',
      '2',
      '--epochs',
      '60',
    ]);
    type Point = {
      replicas: number;
      alpha: number;
      successRate: number;
      medianEpochs: number | null;
      meanBestErrors: number;
    };
    const pts = (result.json as { points: Point[] }).points;
    expect(pts.map((q) => [q.alpha, q.replicas])).toEqual([
      [0.1, 1],
      [0.1, 3],
      [1.5, 1],
      [1.5, 3],
    ]);
    // α = 1.5 is beyond any capacity of ±1 weights (α_c < 1 per synapse): never solved
    for (const q of pts.filter((x) => x.alpha === 1.5)) {
      expect(q.successRate).toBe(0);
      expect(q.medianEpochs).toBeNull();
      expect(q.meanBestErrors).toBeGreaterThan(0);
    }
    for (const q of pts.filter((x) => x.alpha === 0.1)) expect(q.successRate).toBe(1);
    expect(result.figures.map((f) => f.name)).toEqual(['committee-rsgd']);
    await expect(runExperiment(committeeRsgdExperiment, ['--n', '20'])).rejects.toThrow(/--n: must be odd/);
  });
});
