/**
 * `tour`: the main job. Runs doctor, every experiment that is part of the tour and a short
 * benchmark (through the same parser as `bench`), and writes an HTML report with the figures.
 * @module
 */
import { join } from 'node:path';
import type { BenchReport, ExperimentResult, Figure, ParamValues } from '@replica/lab-kit';
import { defaultValues, defineParams } from '@replica/lab-kit';
import { experiments } from '../plugins';
import { formatBench, parseBenchArgs, runBench } from './bench';
import {
  BACKEND_PARAMS,
  backendFor,
  checkOutputPaths,
  cliRunContext,
  describeBackend,
  experimentOutputFiles,
  OUTPUT_PARAMS,
} from './context';
import type { DoctorReport } from './doctor';
import { runDoctor } from './doctor';
import type { OutputFile, Reporter } from './io';
import { writeOutputSet } from './io';
import { renderFigure } from './render';

/** Flags of `tour`. */
export const TOUR_PARAMS = defineParams([
  {
    name: 'out',
    kind: 'path',
    role: 'output-dir',
    default: 'replica-report',
    help: 'directory of the HTML report, figures and JSON',
  },
  { name: 'seed', kind: 'int', default: 1, min: 0, max: Number.MAX_SAFE_INTEGER, help: 'seed of every random number' },
  ...BACKEND_PARAMS,
  {
    name: 'bench-sizes',
    kind: 'int-list',
    default: [128, 256, 512],
    min: 1,
    max: 4096,
    help: 'gemm sizes of the short benchmark',
  },
  { name: 'no-bench', kind: 'flag', help: 'skip the benchmark section' },
  ...OUTPUT_PARAMS,
]);

interface Section {
  readonly name: string;
  readonly result: ExperimentResult;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

async function figureHtml(f: Figure): Promise<string> {
  return `<figure id="${escapeHtml(f.name)}">${(await renderFigure(f)).svg}<figcaption><b>${escapeHtml(f.title)}.</b> ${escapeHtml(f.caption)} <a href="${escapeHtml(f.name)}.svg">SVG</a></figcaption></figure>`;
}

async function reportHtml(
  doctor: DoctorReport,
  sections: readonly Section[],
  bench: { report: BenchReport; text: string; figure: Figure } | null,
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
      `<section><h2>Experiment: <code>${escapeHtml(s.name)}</code></h2><ul>${s.result.summary.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>${figs}<p><a href="${escapeHtml(s.name)}.json">${escapeHtml(s.name)}.json</a></p></section>`,
    );
  }
  if (bench)
    parts.push(
      `<section><h2>Benchmark: <code>bench --suite ${escapeHtml(bench.report.suite)}</code></h2>${await figureHtml(bench.figure)}<pre>${escapeHtml(bench.text)}</pre><p><a href="bench.json">bench.json</a></p></section>`,
    );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Replica tour</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; max-width: 980px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
tr.fail td { background: #fdd; } figure { margin: 1.5em 0; } figcaption { font-size: 13px; color: #444; max-width: 640px; }
code { background: #f3f3f3; padding: 0 3px; } pre { font-size: 12px; overflow-x: auto; }
</style></head><body>
<h1>Replica tour</h1>
<p>Simulation beside theory, on the compute layer. Generated ${escapeHtml(new Date().toISOString())} by <code>replica-lab tour</code> with Node ${escapeHtml(process.version)}; experiments ran on <b>${escapeHtml(backend)}</b>.</p>
<section><h2>Backends and kernel self-checks</h2><ul>${backends}</ul><p><code>--backend auto</code> selects <b>${doctor.auto}</b>. Every kernel is compared with an f64 reference under the stated bound.</p>
<table><tr><th>backend</th><th>kernel</th><th>max |Δ|</th><th>bound</th><th></th></tr>${rows}</table></section>
${parts.join('\n')}
</body></html>
`;
}

/** Runs the tour with parsed flags; returns what the --json document holds. */
export async function runTour(
  v: ParamValues<typeof TOUR_PARAMS>,
  reporter: Reporter,
): Promise<Record<string, unknown> & { doctor: DoctorReport }> {
  const out = v.out;
  checkOutputPaths(TOUR_PARAMS, v);
  const doctor = await runDoctor(reporter);
  const backend = await backendFor(v);
  const backendName = describeBackend(backend);
  const sections: Section[] = [];
  // every file of the report, written together at the end (index.html last)
  const files: OutputFile[] = [];
  const signal = new AbortController().signal;
  try {
    for (const exp of experiments) {
      if (!exp.tour) continue;
      const values = { ...defaultValues(exp.params), ...exp.tour };
      const task = reporter.task(exp.name);
      const result = await exp.run(cliRunContext(backend, v.seed, task.progress, signal), values);
      task.end();
      sections.push({ name: exp.name, result });
      files.push(...(await experimentOutputFiles(exp.name, result)));
    }
  } finally {
    backend.dispose();
  }
  let bench: { report: BenchReport; text: string; figure: Figure } | null = null;
  if (!v['no-bench']) {
    // the same parser as `replica-lab bench`: the tour's benchmark is an ordinary invocation
    const args = parseBenchArgs(['--suite', 'kernels', '--sizes', v['bench-sizes'].join(','), '--min-time', '0.3']);
    const report = await runBench(args, reporter);
    const figure = args.suite.figure(report);
    bench = { report, text: formatBench(args.suite, report), figure };
    files.push(
      { name: 'bench.json', data: `${JSON.stringify(report, null, 2)}\n` },
      { name: `${figure.name}.svg`, data: (await renderFigure(figure)).svg },
    );
  }
  files.push({ name: 'index.html', data: await reportHtml(doctor, sections, bench, backendName) });
  const written = writeOutputSet(out, files);
  const html = join(out, 'index.html');
  written.unshift(written.pop()!);
  reporter.info(`report: ${html}`);
  return {
    report: html,
    files: written,
    backend: backendName,
    doctor,
    experiments: Object.fromEntries(sections.map((s) => [s.name, s.result.json])),
    ...(bench ? { bench: bench.report } : {}),
  };
}
