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
  });

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
});
