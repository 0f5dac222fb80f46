/**
 * `online-learning`: online SGD at finite N (one fresh Gaussian example per step) beside the exact
 * N → ∞ ODEs of the order parameters R = J·B/N, Q = J·J/N in α = t/N: the sign perceptron
 * (perceptron or Hebb rule) and the soft committee machine of Saad & Solla (plateau and
 * specialization). The ODE starts from the simulation's realised R(0), Q(0).
 * @module
 */

import type { Series } from '@replica/lab-kit';
import { defineExperiment, seriesFigure, UsageError } from '@replica/lab-kit';
import type { OrderParameterTrajectory } from '../index';
import { committeeOde, perceptronOde, simulateOnline } from '../index';

/** Points of the ODE line in the figures. */
const ODE_POINTS = 400;

/** `online-learning`: online SGD at finite N beside the exact ODEs. */
export const onlineLearningExperiment = defineExperiment({
  name: 'online-learning',
  summary:
    'Online learning: generalization error ε_g(α) of online SGD at finite N beside the exact ODEs (perceptron; Saad–Solla soft committee plateau)',
  usesBackend: false,
  params: [
    {
      name: 'model',
      kind: 'enum',
      values: ['perceptron', 'committee'],
      default: 'perceptron',
      help: 'perceptron: sign teacher and student (K = M = 1); committee: soft committee machines, g = erf(x/√2), output Σ_i g(λ_i), squared loss',
    },
    {
      name: 'rule',
      kind: 'enum',
      values: ['perceptron', 'hebb'],
      default: 'perceptron',
      help: 'perceptron model only: Rosenblatt rule F = Θ(−λu)sgn(u) or Hebb F = sgn(u)',
    },
    { name: 'k', kind: 'int', min: 1, max: 8, help: 'committee: student hidden units K (default 2)' },
    { name: 'm', kind: 'int', min: 1, max: 8, help: 'committee: teacher hidden units M (default K)' },
    { name: 'n', kind: 'int', default: 1000, min: 10, max: 1_000_000, help: 'input dimension N' },
    {
      name: 'lr',
      kind: 'number',
      min: 1e-6,
      max: 20,
      help: 'learning rate η, update J ← J + (η/√N)F·x (= w ← w + (η/N)F·ξ for w = J/√N); default 0.5 (perceptron), 1 (committee)',
    },
    {
      name: 'steps',
      kind: 'int',
      min: 1,
      max: 100_000_000,
      help: 'examples t (α = t/N); default 20·N (perceptron), 150·N (committee)',
    },
    { name: 'every', kind: 'int', min: 1, max: 100_000_000, help: 'record every this many steps (default steps/40)' },
    {
      name: 'q0',
      kind: 'number',
      default: 0.2,
      min: 1e-6,
      max: 10,
      help: 'committee: initial student weights i.i.d. N(0, q0), so Q_ii(0) ≈ q0 and R_in(0) = O(√(q0/N))',
    },
    {
      name: 'lrs',
      kind: 'number-list',
      min: 1e-6,
      max: 20,
      help: 'learning-rate dependence: also run simulation and ODE at each of these η (same N, steps, start) and plot ε_g(α) for all of them',
    },
    {
      name: 'test',
      kind: 'int',
      default: 0,
      min: 0,
      max: 100_000,
      help: 'held-out examples on which ε_g is also measured (0: none)',
    },
  ],
  tour: { model: 'perceptron', n: 1000, lr: 0.5, steps: 20_000 },
  async run(ctx, v) {
    const model = v.model;
    const perceptron = model === 'perceptron';
    const rule = v.rule;
    const n = v.n;
    if (perceptron && (v.k !== undefined || v.m !== undefined))
      throw new UsageError('--k, --m: only for --model committee (the perceptron has K = M = 1)');
    if (!perceptron && rule !== 'perceptron') throw new UsageError('--rule: only for --model perceptron');
    const K = perceptron ? 1 : (v.k ?? 2);
    const M = perceptron ? 1 : (v.m ?? K);
    if (M > n) throw new UsageError(`--m: at most N = ${n} orthogonal teacher units, got ${M}`);
    const lr = v.lr ?? (perceptron ? 0.5 : 1);
    const steps = v.steps ?? (perceptron ? 20 : 150) * n;
    const every = v.every ?? Math.max(1, Math.round(steps / 40));
    if (every > steps) throw new UsageError(`--every: at most --steps = ${steps}, got ${every}`);
    const testSize = v.test;
    const q0 = v.q0;

    // One run and its ODE at learning rate η, from the same seed (initial student and example stream)
    // for every η, so that the learning-rate scan's curves differ by η alone.
    const simulate = (eta: number, test: number) =>
      simulateOnline({
        model,
        n,
        K,
        M,
        lr: eta,
        steps,
        every,
        seed: ctx.seedFor(0),
        ...(perceptron ? { rule } : { q0 }),
        testSize: test,
      });
    const odeFrom = (s: OrderParameterTrajectory & { T: Float64Array }, eta: number, at: readonly number[]) =>
      perceptron
        ? perceptronOde({ rule, lr: eta, R0: s.R[0]![0]!, Q0: s.Q[0]![0]!, alphas: at })
        : committeeOde({ K, M, lr: eta, R0: s.R[0]!, Q0: s.Q[0]!, T: s.T, alphas: at });
    const sim = simulate(lr, testSize);
    ctx.progress(0.5, 'simulated');
    const alphas = Array.from(sim.alpha);
    const aEnd = alphas[alphas.length - 1]!;
    const fine = Array.from({ length: ODE_POINTS + 1 }, (_, k) => (aEnd * k) / ODE_POINTS);
    const ode = (at: readonly number[]): OrderParameterTrajectory => odeFrom(sim, lr, at);
    const atRecords = ode(alphas);
    const line = ode(fine);
    ctx.progress(1, `N = ${n}, ${steps} steps (α = ${aEnd}), ${alphas.length} records`);

    const egSim = Array.from(sim.eg);
    const egOde = Array.from(atRecords.eg);
    const gaps = egSim.map((e, k) => Math.abs(e - egOde[k]!));
    const maxGap = Math.max(...gaps);
    const meanGap = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const rows = (a: readonly Float64Array[]) => a.map((r) => Array.from(r));
    const logY = !perceptron;

    const lrs = v.lrs ?? [];
    const scan = lrs.map((eta) => {
      const s = simulate(eta, 0);
      const at = Array.from(s.alpha);
      return {
        lr: eta,
        alpha: at,
        eg_sim: Array.from(s.eg),
        eg_ode: Array.from(odeFrom(s, eta, at).eg),
        line: odeFrom(s, eta, fine).eg,
      };
    });
    const scanSeries: Series[] = scan.flatMap((r) => [
      {
        name: `ODE η = ${r.lr}`,
        kind: 'theory' as const,
        points: fine.map((a, k) => ({ x: a, y: r.line[k]! })).filter((p) => !logY || p.y > 0),
      },
      {
        name: `simulation η = ${r.lr}`,
        kind: 'simulation' as const,
        points: r.alpha.map((a, k) => ({ x: a, y: r.eg_sim[k]! })).filter((p) => !logY || p.y > 0),
      },
    ]);

    const desc = perceptron
      ? `sign perceptron, ${rule === 'hebb' ? 'Hebb rule' : 'perceptron rule'}`
      : `soft committee machine K = ${K}, M = ${M}, g = erf(x/√2), output Σ_i g(λ_i)`;
    const egSeries: Series[] = [
      {
        name: 'ODE (N → ∞)',
        kind: 'theory',
        points: fine.map((a, k) => ({ x: a, y: line.eg[k]! })).filter((p) => !logY || p.y > 0),
      },
      {
        name: `simulation N = ${n}`,
        kind: 'simulation',
        points: alphas.map((a, k) => ({ x: a, y: egSim[k]! })).filter((p) => !logY || p.y > 0),
      },
      ...(sim.egTest
        ? [
            {
              name: `simulation N = ${n}, held-out (${testSize} examples)`,
              kind: 'simulation' as const,
              points: alphas.map((a, k) => ({ x: a, y: sim.egTest![k]! })).filter((p) => !logY || p.y > 0),
            },
          ]
        : []),
    ];
    const rSeries: Series[] = [];
    for (let i = 0; i < K; i++)
      for (let m = 0; m < M; m++) {
        rSeries.push({
          name: `R_${i + 1}${m + 1} ODE`,
          kind: 'theory',
          points: fine.map((a, k) => ({ x: a, y: line.R[k]![i * M + m]! })),
        });
        rSeries.push({
          name: `R_${i + 1}${m + 1} simulation`,
          kind: 'simulation',
          points: alphas.map((a, k) => ({ x: a, y: sim.R[k]![i * M + m]! })),
        });
      }

    return {
      json: {
        model,
        ...(perceptron ? { rule } : { q0 }),
        n,
        k: K,
        m: M,
        lr,
        steps,
        every,
        t_unit: 'steps',
        t: Array.from(sim.t),
        alpha: alphas,
        eg_sim: egSim,
        eg_ode: egOde,
        ...(sim.egTest ? { eg_test: Array.from(sim.egTest) } : {}),
        R_sim: rows(sim.R),
        Q_sim: rows(sim.Q),
        R_ode: rows(atRecords.R),
        Q_ode: rows(atRecords.Q),
        T: Array.from(sim.T),
        max_abs_gap: maxGap,
        mean_abs_gap: meanGap,
        ...(scan.length > 0
          ? { lr_scan: scan.map((r) => ({ lr: r.lr, alpha: r.alpha, eg_sim: r.eg_sim, eg_ode: r.eg_ode })) }
          : {}),
      },
      figures: [
        seriesFigure({
          name: 'online-learning-eg',
          title: `Online learning (${desc}), η = ${lr}: ε_g vs α = t/N`,
          caption: `Points: ε_g from the order parameters R, Q of one online-SGD run at N = ${n} (one fresh Gaussian example per step)${sim.egTest ? ', and measured on a held-out set' : ''}. Line: the exact N → ∞ ODEs ${perceptron ? '(Engel & Van den Broeck ch. 9)' : '(Saad & Solla 1995)'} from the same R(0), Q(0). Finite-N fluctuations are O(1/√N)${perceptron ? '' : '; the plateau’s length depends on the initial symmetry breaking, which finite N supplies by itself'}.`,
          x: { title: 'α = t/N' },
          y: logY
            ? {
                title: 'generalization error ε_g',
                scale: 'log',
                domain: [Math.max(1e-6, Math.min(...egSim.filter((e) => e > 0)) / 2), 1],
              }
            : { title: 'generalization error ε_g', domain: [0, 0.5] },
          series: egSeries,
        }),
        seriesFigure({
          name: 'online-learning-overlaps',
          title: `Online learning (${desc}): student–teacher overlaps R vs α`,
          caption: `Points: R_in = J_i·B_n/N of the simulation at N = ${n}; lines: the ODE.${perceptron ? '' : ' On the plateau all R_in are equal (unspecialized); at the transition each student unit picks one teacher unit.'}`,
          x: { title: 'α = t/N' },
          y: { title: 'overlap R' },
          series: rSeries,
        }),
        ...(scan.length > 0
          ? [
              seriesFigure({
                name: 'online-learning-lr',
                title: `Online learning (${desc}): ε_g vs α at several learning rates`,
                caption: `Learning-rate dependence at N = ${n}: points are one online-SGD run per η (same initial student and example stream), lines the ODE from the same start. ${perceptron ? 'For the perceptron rule the asymptotic decay ε_g ∝ α^{−1/3} is η-independent once Q has grown; small η learns slowly at first.' : 'Larger η shortens the plateau until it becomes unstable; too large η prevents convergence (Saad & Solla 1995).'}`,
                x: { title: 'α = t/N' },
                y: logY
                  ? { title: 'generalization error ε_g', scale: 'log' }
                  : { title: 'generalization error ε_g', domain: [0, 0.5] },
                series: scanSeries,
              }),
            ]
          : []),
      ],
      summary: [
        `${desc}, N = ${n}, η = ${lr}, ${steps} steps (α = ${aEnd})`,
        `ε_g(α = ${aEnd}): simulation ${egSim[egSim.length - 1]!.toFixed(4)}, ODE ${egOde[egOde.length - 1]!.toFixed(4)}`,
        `|ε_g sim − ODE| over ${egSim.length} records: max ${maxGap.toFixed(4)}, mean ${meanGap.toFixed(4)}`,
      ],
    };
  },
});
