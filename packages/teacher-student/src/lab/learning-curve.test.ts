/**
 * learning-curve in-process: students on the data models, simulation beside theory where the
 * package has one, the theory-less combinations labelled, and the flag validation.
 */
import { UsageError } from '@replica/lab-kit';
import { runExperiment } from '@replica/lab-kit/testing';
import { describe, expect, it } from 'vitest';
import { learningCurveExperiment } from './learning-curve';

interface Point {
  alpha: number;
  samples: number;
  test_error_sim: number;
  test_error_sim_stderr: number;
  test_error_theory: number | null;
}

interface Doc {
  metric: string;
  teacher: unknown;
  theory_note: string;
  points: Point[];
}

describe('learning-curve', () => {
  it('Hebb on ±1 inputs with label flips follows its theory, reproducibly, and makes the figure', async () => {
    const args = [
      '--student',
      'hebb',
      '--inputs',
      'spin',
      '--teacher',
      'perceptron',
      '--flip',
      '0.1',
      '--n',
      '200',
      '--alphas',
      '0.5,2,5',
      '--trials',
      '6',
    ];
    const { result } = await runExperiment(learningCurveExperiment, args, { seed: 1 });
    const d = result.json as unknown as Doc;
    expect(d.metric).toBe('classification');
    expect(d.teacher).toEqual({ kind: 'perceptron', flip: 0.1 });
    for (const p of d.points) {
      expect(p.test_error_theory).not.toBeNull();
      // 4σ plus 0.015 for the O(1/N) shift of R at N = 200
      expect(Math.abs(p.test_error_sim - p.test_error_theory!), `α = ${p.alpha}`).toBeLessThan(
        4 * p.test_error_sim_stderr + 0.015,
      );
    }
    // the CLI writes each figure as <name>.svg under --out
    expect(result.figures.map((f) => f.name)).toEqual(expect.arrayContaining(['learning-curve']));
    const again = await runExperiment(learningCurveExperiment, args, { seed: 1 });
    expect(JSON.stringify(again.result.json)).toBe(JSON.stringify(result.json));
  });

  it('ridge on hidden-manifold inputs and a committee teacher: the error falls, no theory line', async () => {
    const { result } = await runExperiment(
      learningCurveExperiment,
      [
        '--student',
        'ridge',
        '--inputs',
        'hidden-manifold',
        '--latent-dim',
        '40',
        '--teacher',
        'committee',
        '--teacher-hidden',
        '2',
        '--n',
        '80',
        '--alphas',
        '0.5,4',
        '--trials',
        '3',
      ],
      { seed: 2 },
    );
    const d = result.json as unknown as Doc;
    expect(d.metric).toBe('mse');
    expect(d.theory_note).toMatch(/no closed form/);
    const [a, b] = d.points;
    expect(a!.test_error_theory).toBeNull();
    expect(b!.test_error_sim + 4 * b!.test_error_sim_stderr).toBeLessThan(a!.test_error_sim);
  });

  it('refuses contradictory flags, naming them', async () => {
    const base = ['--n', '20', '--alphas', '1', '--trials', '1'];
    const cases: [string[], RegExp][] = [
      [['--teacher', 'perceptron', '--noise', '0.5'], /--noise/],
      [['--teacher', 'linear', '--flip', '0.1'], /--flip/],
      [['--student', 'hebb', '--teacher', 'linear'], /hebb/],
      [['--student', 'logistic', '--lambda', '0'], /--lambda/],
      [['--student', 'ridge', '--lambda', '0', '--teacher', 'linear'], /interpolation/],
    ];
    for (const [extra, msg] of cases) {
      const r = runExperiment(learningCurveExperiment, [...base, ...extra]);
      await expect(r, extra.join(' ')).rejects.toThrow(UsageError);
      await expect(r, extra.join(' ')).rejects.toThrow(msg);
    }
  });
});

describe('learning-curve --student logistic', () => {
  it('logistic regression on the flipped perceptron follows the replica theory (4σ + 0.015)', async () => {
    const { result } = await runExperiment(
      learningCurveExperiment,
      [
        '--student',
        'logistic',
        '--lambda',
        '0.1',
        '--teacher',
        'perceptron',
        '--flip',
        '0.05',
        '--n',
        '150',
        '--alphas',
        '0.5,2,4',
        '--trials',
        '4',
      ],
      { seed: 3 },
    );
    const d = result.json as unknown as Doc;
    expect(d.theory_note).toMatch(/logistic/);
    // 0.015: the O(1/N) bias at N = 150 (≈ 0.1/N measured) and the held-out set's binomial floor
    for (const p of d.points)
      expect(Math.abs(p.test_error_sim - p.test_error_theory!), `α = ${p.alpha}`).toBeLessThan(
        4 * p.test_error_sim_stderr + 0.015,
      );
    expect(d.points[2]!.test_error_theory).toBeLessThan(d.points[0]!.test_error_theory!);
  });
});
