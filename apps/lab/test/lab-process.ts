/** Runs replica-lab from source in a child process, as the end-to-end tests do. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The repository root. */
export const root = join(import.meta.dirname, '..', '..', '..');

/** replica-lab `args` → exit status, stdout, stderr. */
export function lab(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--conditions=@replica/source', '--import', 'tsx', 'apps/lab/test/cli-from-source.ts', ...args],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 480_000,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
