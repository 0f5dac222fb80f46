import { Adam, Sgd } from '@replica/nn';
import { createBackend } from '@replica/webgpu-kernels';
import { BinaryCommittee, committeeErrors, randomCommitteeProblem } from './src/committee';
import { replicatedFit, writeCentre } from './src/replicated-sgd';

const be = await createBackend({ kind: 'cpu' });
const [N, K] = [51, 5];
const lr = Number(process.argv[2] ?? 0.1);
const g0 = Number(process.argv[3] ?? 0.05);
const g1 = Number(process.argv[4] ?? 0.05);
const mode = (process.argv[5] ?? 'elastic') as 'elastic' | 'gradient';
const lam = Number(process.argv[6] ?? 2);
const bs = Number(process.argv[7] ?? 5);
for (const alpha of [0.3, 0.4]) {
  for (const y of [1, 7]) {
    let solved = 0;
    let epochsSum = 0;
    const t0 = performance.now();
    for (let trial = 0; trial < 4; trial++) {
      const prob = randomCommitteeProblem({ inputs: N, hidden: K, alpha, seed: 100 + trial });
      const model = new BinaryCommittee(be, { inputs: N, hidden: K, replicas: y, seed: trial, outputScale: lam });
      const centre = new BinaryCommittee(be, { inputs: N, hidden: K, seed: 0 });
      let ok = false;
      let ep = 0;
      await replicatedFit(be, {
        model,
        replicas: y,
        centre,
        optimizer: new Sgd(model.parameters(), { lr }),
        coupling: { gamma0: y === 1 ? 0 : g0, gamma1: g1, mode, elasticRate: 1, gammaMax: 1 },
        train: { x: prob.x, labels: prob.labels },
        features: N,
        classes: 2,
        epochs: 300,
        batchSize: bs,
        seed: trial,
        afterStep: () => model.clip(),
        onEpoch: async (r) => {
          ep = r.epoch;
          const w = await model.weight.value.read();
          const per = N * K;
          for (let a = 0; a < y; a++) if (committeeErrors(prob, w.subarray(a * per, (a + 1) * per)) === 0) ok = true;
          writeCentre(model, y, centre);
          if (committeeErrors(prob, await centre.weight.value.read()) === 0) ok = true;
          return ok ? false : undefined;
        },
      });
      if (ok) {
        solved++;
        epochsSum += ep;
      }
    }
    console.log(
      `alpha ${alpha} y ${y}: ${solved}/4 solved, mean epochs ${(epochsSum / Math.max(solved, 1)).toFixed(1)}, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
}
