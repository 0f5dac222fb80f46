/**
 * The entropic-optim acceptance invocations through the CLI, exactly as written: the binary
 * perceptron's computed constants, and SA against replicated SA on the same instances.
 */
import { describe, expect, it } from 'vitest';
import { lab } from './lab-process';

describe('entropic-optim experiments', () => {
  it('binary-perceptron-theory --json: capacity (α_c) and teacherStudentTransition, computed (acceptance invocation)', () => {
    const r = lab(['run', 'binary-perceptron-theory', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(Math.abs(d.capacity - 0.833)).toBeLessThan(5e-4);
    expect(Math.abs(d.teacherStudentTransition - 1.245)).toBeLessThan(2e-3);
    // Franz–Parisi curves at the loads: below s(α) everywhere, negative at small d
    type Fp = {
      alpha: number;
      equilibriumEntropy: number;
      points: { distance: number; entropy: number }[];
      negativeUpTo: number | null;
    };
    const fp = d.franzParisi as Fp[];
    expect(fp.map((f) => f.alpha)).toEqual([0.4, 0.5, 0.6, 0.7, 0.75]);
    for (const f of fp) {
      for (const p of f.points) expect(p.entropy).toBeLessThanOrEqual(f.equilibriumEntropy + 1e-6);
      expect(f.negativeUpTo, `α = ${f.alpha}`).not.toBeNull();
    }
    // the region of isolation widens with the load
    for (let i = 1; i < fp.length; i++) expect(fp[i]!.negativeUpTo!).toBeGreaterThanOrEqual(fp[i - 1]!.negativeUpTo!);
    // the local entropy around the densest solutions (y*): positive, monotone below α_U ≈ 0.77,
    // above the Franz–Parisi entropy and below the α = 0 count h₂(d), falling with the load
    type Le = {
      alpha: number;
      points: { distance: number; internalEntropy: number; franzParisi: number | null }[];
      monotone: boolean;
      failed: unknown[];
    };
    const le = d.localEntropy as Le[];
    expect(le.map((l) => l.alpha)).toEqual([0.4, 0.5, 0.6, 0.7, 0.75]);
    for (const l of le) {
      expect(l.failed, `α = ${l.alpha}`).toEqual([]);
      expect(l.monotone, `α = ${l.alpha}`).toBe(true);
      for (const p of l.points) {
        const h2 = -p.distance * Math.log(p.distance) - (1 - p.distance) * Math.log(1 - p.distance);
        expect(p.internalEntropy).toBeLessThan(h2);
        if (p.franzParisi !== null) expect(p.internalEntropy).toBeGreaterThan(p.franzParisi);
      }
    }
    for (let i = 1; i < le.length; i++)
      for (const [j, p] of le[i]!.points.entries())
        expect(p.internalEntropy).toBeLessThan(le[i - 1]!.points[j]!.internalEntropy);
  }, 1_500_000);

  it('binary-perceptron-solvers: success rate and median flips per solver and α; rSA solves more than SA (acceptance invocation)', () => {
    const r = lab([
      'run',
      'binary-perceptron-solvers',
      '--n',
      '401',
      '--alphas',
      '0.3,0.5,0.6',
      '--solvers',
      'sa,rsa',
      '--trials',
      '8',
      '--seed',
      '1',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    type Row = {
      solver: string;
      alpha: number;
      successRate: number;
      medianIterations: number | null;
      meanFinalEnergy: number;
    };
    const at = (s: string, a: number) => d.points.find((p: Row) => p.solver === s && p.alpha === a) as Row;
    for (const a of [0.3, 0.5, 0.6])
      for (const s of ['sa', 'rsa']) {
        const p = at(s, a);
        expect(p.successRate).toBeGreaterThanOrEqual(0);
        expect(p.medianIterations === null).toBe(p.successRate === 0);
      }
    // on the same 8 instances per load (fixed seed, CPU only: deterministic)
    for (const a of [0.3, 0.5, 0.6]) {
      expect(at('rsa', a).successRate).toBeGreaterThanOrEqual(at('sa', a).successRate);
      expect(at('rsa', a).meanFinalEnergy).toBeLessThan(at('sa', a).meanFinalEnergy + 1e-9);
    }
    expect(at('rsa', 0.3).successRate).toBe(1);
  }, 300_000);

  it('local-energy --json: a profile per optimizer from σ = 0 (the train error) up, on equal gradient budgets (acceptance invocation)', () => {
    const r = lab(['run', 'local-energy', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    type Minimum = {
      optimizer: string;
      gradientEvaluations: number;
      trainError: number;
      testError: number;
      flatnessScore: number;
      localEnergy: { sigma: number; trainError: number; trainErrorStderr: number; trainLoss: number }[];
      hessianTop: number | null;
      hessianNote: string | null;
    };
    const minima = d.minima as Minimum[];
    expect(minima.map((m) => m.optimizer)).toEqual(['sgd', 'rsgd', 'esgd']);
    for (const m of minima) {
      expect(m.gradientEvaluations).toBe(minima[0]!.gradientEvaluations);
      expect(m.localEnergy[0]!.sigma).toBe(0);
      expect(m.localEnergy[0]!.trainError).toBeCloseTo(m.trainError, 12);
      expect(m.localEnergy[0]!.trainErrorStderr).toBe(0);
      // far out the perturbed network is much worse than the minimum
      expect(m.localEnergy.at(-1)!.trainError).toBeGreaterThan(m.trainError + 0.05);
      expect(m.testError).toBeLessThan(0.3);
      // a minimum: the Hessian's top eigenvalue is positive
      expect(m.hessianTop, m.hessianNote ?? '').toBeGreaterThan(0);
    }
    expect([...d.flatnessOrder].sort()).toEqual(['esgd', 'rsgd', 'sgd']);
  }, 300_000);
});
