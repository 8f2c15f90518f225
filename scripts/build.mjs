#!/usr/bin/env node
// npm run build: type-checks the sources with tsc, bundles them with esbuild into dist/, and
// writes dist/rules-cache.json (rules/*.yml parsed once, so a run does not load a YAML parser).
//
// Why a bundle: a pre-commit run of a few files spent a sixth of its time resolving and loading
// some 150 compiled modules one by one. Dependencies stay in node_modules: the tree-sitter
// grammars are found there at run time.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parse } from 'yaml';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(REPO, 'dist');
const require = createRequire(import.meta.url);

const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.json'), '--noEmit'], {
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

// Stale files must not survive in dist/.
rmSync(DIST, { recursive: true, force: true });
await build({
  absWorkingDir: REPO,
  // cli/main is the bin, a launcher that loads cli/program (the CLI) through V8's code cache
  // (src/cli/launcher.ts).
  entryPoints: {
    'cli/main': 'src/cli/launcher.ts',
    'cli/program': 'src/cli/main.ts',
    // A reader thread's launcher (code cache) and bundle, as for the main thread.
    'cli/worker-main': 'src/scan/worker-launcher.ts',
    'cli/worker': 'src/scan/worker.ts',
  },
  bundle: true,
  // CommonJS, one file per entry: Node loads that faster than ES module chunks (a pre-commit run
  // took 12% less), and lazily imported parts are still only run when a scan needs them.
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // yaml is bundled (one file instead of ~80 to resolve); the rest stay in node_modules.
  external: [
    '@babel/parser',
    'fast-glob',
    'ignore',
    'picocolors',
    'ts-morph',
    'web-tree-sitter',
    'tree-sitter-*',
    '@tree-sitter-grammars/*',
  ],
  outdir: DIST,
  // Whitespace and syntax only (names stay, for stack traces): a third fewer bytes to read and
  // hold as a string on every run, and fewer for V8 to scan when there is no code cache.
  minifyWhitespace: true,
  minifySyntax: true,
  define: { 'import.meta.url': '__importMetaUrl' },
  // The sources are ES modules, strict throughout: the directive must open the file, before this.
  banner: { js: '"use strict";\nconst __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
});
// The launcher runs the bundle as a vm.Script (its code cache), where import() has no loader:
// every import() must have been bundled into a plain call.
for (const bundle of ['cli/program.js', 'cli/worker.js']) {
  if (/\bimport\(/.test(readFileSync(join(DIST, bundle), 'utf8'))) {
    console.error(`build: dist/${bundle} calls import(); load that package with require (src/packages.ts)`);
    process.exit(1);
  }
}
// dist/*.js are CommonJS, whatever the package's own "type" says.
writeFileSync(join(DIST, 'package.json'), '{ "type": "commonjs" }\n');
// The bin must be executable in a checkout too (npm sets the bit only on install).
chmodSync(join(DIST, 'cli/main.js'), 0o755);

// The same digest as rulesDigest() in src/rules/load-rules.ts (a test keeps the two in step).
const rulesDir = join(REPO, 'rules');
const texts = readdirSync(rulesDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => [f, readFileSync(join(rulesDir, f), 'utf8')]);
const digest = createHash('sha256');
for (const [name, text] of texts) digest.update(name).update('\0').update(text).update('\0');
const rules = Object.fromEntries(texts.map(([f, text]) => [f, parse(text)]));
writeFileSync(join(DIST, 'rules-cache.json'), `${JSON.stringify({ digest: digest.digest('hex'), rules })}\n`);
