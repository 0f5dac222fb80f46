/**
 * `tour`: the main job. Runs doctor, every experiment that is part of the tour
 * and a short benchmark, and writes an HTML report with the figures.
 * @module
 */
import { join } from 'node:path';
import { backendFromFlags, describeBackend, writeExperimentOutputs } from '../common';
import type { ExperimentResult } from '../experiments/experiment';
import { experiments } from '../experiments/registry';
import type { Figure } from '../figures/plot';
import { renderSvg } from '../figures/plot';
import type { Progress } from '../io';
import { writeFileAtomic } from '../io';
import type { ParamSpec, ParamValues } from '../params';
import { parseFlags } from '../params';
import type { BenchReport } from './bench';
import { benchFigure, runBench } from './bench';
import type { DoctorReport } from './doctor';
import { runDoctor } from './doctor';

/** Flags of `tour`. */
export const TOUR_PARAMS: readonly ParamSpec[] = [
  { name: 'out', kind: 'path', default: 'replica-report', help: 'directory of the HTML report, figures and JSON' },
  { name: 'seed', kind: 'int', default: 1, min: 0, max: Number.MAX_SAFE_INTEGER, help: 'seed of every random number' },
  {
    name: 'backend',
    kind: 'enum',
    values: ['cpu', 'webgpu', 'auto'],
    default: 'auto',
    help: 'backend of the experiments',
  },
  { name: 'allow-software', kind: 'flag', help: 'let webgpu use a software adapter (correctness only)' },
  {
    name: 'bench-sizes',
    kind: 'int-list',
    default: [128, 256, 512],
    min: 1,
    max: 4096,
    help: 'gemm sizes of the short benchmark (empty: none)',
  },
  { name: 'no-bench', kind: 'flag', help: 'skip the benchmark section' },
  { name: 'json', kind: 'flag', help: 'write one JSON document (what was written, doctor and results) to stdout' },
  { name: 'quiet', kind: 'flag', help: 'no progress on stderr' },
];

interface Section {
  name: string;
  summary: readonly string[];
  result: ExperimentResult;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

async function figureHtml(f: Figure): Promise<string> {
  return `<figure id="${escapeHtml(f.name)}">${await renderSvg(f)}<figcaption><b>${escapeHtml(f.title)}.</b> ${escapeHtml(f.caption)} <a href="${escapeHtml(f.name)}.svg">SVG</a></figcaption></figure>`;
}

async function reportHtml(
  doctor: DoctorReport,
  sections: Section[],
  bench: BenchReport | null,
  backend: string,
): Promise<string> {
  const rows = doctor.kernels
    .map(
      (k) =>
        `<tr class="${k.ok ? 'ok' : 'fail'}"><td>${escapeHtml(k.backend)}</td><td>${escapeHtml(k.name)}</td><td>${k.maxAbsError.toExponential(2)}</td><td>${escapeHtml(k.tolerance)}</td><td>${k.ok ? 'ok' : 'FAIL'}</td></tr>`,
    )
    .join('\n');
  const backends = doctor.backends
    .map(
      (b) =>
        `<li><b>${b.name}</b>: ${b.available ? 'available' : 'unavailable'}${b.adapter ? ` — ${escapeHtml(`${b.adapter.vendor} ${b.adapter.architecture} ${b.adapter.description}`)}${b.adapter.fallback ? ' (software adapter: correctness only)' : ''}` : ''}${!b.available && b.reason ? ` — ${escapeHtml(b.reason)}` : ''}</li>`,
    )
    .join('\n');
  const parts: string[] = [];
  for (const s of sections) {
    const figs = (await Promise.all(s.result.figures.map(figureHtml))).join('\n');
    parts.push(
      `<section><h2>Experiment: <code>${escapeHtml(s.name)}</code></h2><ul>${s.summary.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>${figs}<p><a href="${escapeHtml(s.name)}.json">${escapeHtml(s.name)}.json</a></p></section>`,
    );
  }
  if (bench) {
    const table = bench.rows
      .map(
        (r) =>
          `<tr><td>${r.size}</td><td>${escapeHtml(r.backend)}</td><td>${'gflops' in r ? r.gflops.toFixed(2) : 'queriesPerSecond' in r ? r.queriesPerSecond.toPrecision(4) : 'samplesPerSecond' in r ? r.samplesPerSecond.toPrecision(4) : 'perSecond' in r ? r.perSecond.toPrecision(4) : r.sweepsPerSecond.toPrecision(4)}</td></tr>`,
      )
      .join('');
    const ratios = bench.ratios
      .map((q) => `<li>${escapeHtml(q.backend)} / ${escapeHtml(q.peer)} at n = ${q.size}: ${q.ratio.toFixed(3)}</li>`)
      .join('');
    parts.push(
      `<section><h2>Benchmark: float32 gemm</h2>${await figureHtml(benchFigure(bench))}<table><tr><th>n</th><th>backend / peer</th><th>GFLOP/s</th></tr>${table}</table><ul>${ratios}${bench.skipped.map((s) => `<li>skipped ${escapeHtml(s)}</li>`).join('')}</ul></section>`,
    );
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Replica tour</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
tr.fail td { background: #fdd; } figure { margin: 1.5em 0; } figcaption { font-size: 13px; color: #444; max-width: 640px; }
code { background: #f3f3f3; padding: 0 3px; }
</style></head><body>
<h1>Replica tour</h1>
<p>Simulation beside theory, on the compute layer. Generated ${escapeHtml(new Date().toISOString())} by <code>replica-lab tour</code> with Node ${escapeHtml(process.version)}; experiments ran on <b>${escapeHtml(backend)}</b>.</p>
<section><h2>Backends and kernel self-checks</h2><ul>${backends}</ul><p><code>--backend auto</code> selects <b>${doctor.auto}</b>. Every kernel is compared with an f64 reference under the stated bound.</p>
<table><tr><th>backend</th><th>kernel</th><th>max |Δ|</th><th>bound</th><th></th></tr>${rows}</table></section>
${parts.join('\n')}
</body></html>
`;
}

/** Runs the tour; returns what the --json document holds. */
export async function runTour(argv: readonly string[], progress: Progress): Promise<Record<string, unknown>> {
  const v = parseFlags(argv, TOUR_PARAMS, 'tour');
  const out = v.out as string;
  const doctor = await runDoctor(progress);
  const backend = await backendFromFlags(v);
  const backendName = describeBackend(backend);
  const sections: Section[] = [];
  const written: string[] = [];
  try {
    for (const exp of experiments) {
      if (!exp.tour) continue;
      const values: ParamValues = parseFlags([], exp.params, `run ${exp.name}`);
      Object.assign(values, exp.tour);
      const result = await exp.run({ backend, seed: v.seed as number, progress }, values);
      sections.push({ name: exp.name, summary: result.summary, result });
      written.push(...(await writeExperimentOutputs(out, exp.name, result)));
    }
  } finally {
    backend.dispose();
  }
  let bench: BenchReport | null = null;
  const sizes = v['bench-sizes'] as number[];
  if (!v['no-bench'] && sizes.length > 0) {
    bench = await runBench(
      {
        suite: 'kernels',
        sizes,
        backend: 'all',
        'allow-software': false,
        peers: 'auto',
        'min-time': 0.3,
        replicas: [1],
      },
      progress,
    );
    const p = join(out, 'bench.json');
    writeFileAtomic(p, `${JSON.stringify(bench, null, 2)}\n`);
    const f = benchFigure(bench);
    writeFileAtomic(join(out, `${f.name}.svg`), await renderSvg(f));
    written.push(p, join(out, `${f.name}.svg`));
  }
  const html = join(out, 'index.html');
  writeFileAtomic(html, await reportHtml(doctor, sections, bench, backendName));
  written.unshift(html);
  progress.info(`report: ${html}`);
  return {
    report: html,
    files: written,
    backend: backendName,
    doctor,
    experiments: Object.fromEntries(sections.map((s) => [s.name, s.result.json])),
    ...(bench ? { bench } : {}),
  };
}
