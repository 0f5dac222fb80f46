#!/usr/bin/env node
// Launcher: runs the built CLI (dist/), or says how to build it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/index.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('replica-lab: not built yet: run `pnpm build` at the repository root (or `npm run tour`)\n');
  process.exit(1);
}
const { main, installWriteCleanup } = await import(entry.href);
// temporary files of interrupted writes are removed on SIGINT/SIGTERM and at exit
installWriteCleanup();
process.exitCode = await main(process.argv.slice(2));
