/**
 * `doctor`: which backends are here, what the WebGPU adapter is, and every
 * kernel checked on every available backend against its f64 reference.
 * @module
 */
import type { AdapterSummary, KernelCheck } from '@replica/webgpu-kernels';
import { createBackend, probeWebGPU, runKernelSelfChecks } from '@replica/webgpu-kernels';
import type { Reporter } from './io';

/** One backend line of the doctor report. */
export interface DoctorBackend {
  readonly name: 'cpu' | 'webgpu';
  readonly available: boolean;
  readonly adapter?: Pick<AdapterSummary, 'vendor' | 'architecture' | 'description' | 'fallback'>;
  readonly reason?: string;
}

/** The doctor report (`doctor --json`). */
export interface DoctorReport {
  readonly backends: DoctorBackend[];
  readonly kernels: Pick<KernelCheck, 'name' | 'backend' | 'maxAbsError' | 'ok' | 'tolerance'>[];
  /** What `--backend auto` picks here. */
  readonly auto: 'cpu' | 'webgpu';
  readonly ok: boolean;
}

/**
 * Probes the backends (a software WebGPU adapter counts as available, flagged
 * `fallback`) and runs the kernel self-checks on each available one.
 */
export async function runDoctor(reporter: Reporter): Promise<DoctorReport> {
  const probe = await probeWebGPU({ allowSoftware: true });
  const adapter = probe.adapter && {
    vendor: probe.adapter.vendor,
    architecture: probe.adapter.architecture,
    description: probe.adapter.description,
    fallback: probe.adapter.fallback,
  };
  const backends: DoctorBackend[] = [
    { name: 'cpu', available: true },
    {
      name: 'webgpu',
      available: probe.available,
      ...(adapter ? { adapter } : {}),
      ...(probe.reason ? { reason: probe.reason } : {}),
    },
  ];
  const kernels: DoctorReport['kernels'] = [];
  const available = backends.filter((b) => b.available);
  const task = reporter.task('doctor: kernel self-checks');
  for (const [i, b] of available.entries()) {
    const be = await createBackend({ kind: b.name, allowSoftware: true });
    try {
      for (const c of await runKernelSelfChecks(be)) {
        kernels.push({
          name: c.name,
          backend: c.backend,
          maxAbsError: c.maxAbsError,
          ok: c.ok,
          tolerance: c.tolerance,
        });
      }
    } finally {
      be.dispose();
    }
    task.progress((i + 1) / available.length, b.name);
  }
  const ok = kernels.every((k) => k.ok);
  task.end(`${kernels.length} checks, ${kernels.filter((k) => !k.ok).length} failed`);
  return { backends, kernels, auto: probe.available && !probe.adapter?.fallback ? 'webgpu' : 'cpu', ok };
}

/** The doctor report as terminal text. */
export function formatDoctor(r: DoctorReport): string {
  const lines = r.backends.map((b) => {
    const a = b.adapter
      ? ` — ${b.adapter.vendor} ${b.adapter.architecture} ${b.adapter.description}${b.adapter.fallback ? ' (software/fallback adapter)' : ''}`
      : '';
    return `${b.name.padEnd(7)} ${b.available ? 'available' : 'unavailable'}${a}${b.reason && !b.available ? `: ${b.reason}` : ''}`;
  });
  lines.push(`auto selects: ${r.auto}`, '');
  for (const k of r.kernels) {
    lines.push(
      `${k.ok ? 'ok  ' : 'FAIL'} ${k.backend.padEnd(7)} ${k.name.padEnd(24)} max |Δ| ${k.maxAbsError.toExponential(2)}`,
    );
  }
  lines.push('', r.ok ? 'all kernel checks passed' : 'SOME KERNEL CHECKS FAILED');
  return lines.join('\n');
}
