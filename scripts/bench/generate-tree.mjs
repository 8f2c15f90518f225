#!/usr/bin/env node
// Builds the synthetic monorepo `npm run bench` scans: a data team's repository with Python
// services, TypeScript packages, an Airflow dags/ folder, a dbt Core project, CI files, docs,
// JSON fixtures, binary assets, minified vendor bundles, and node_modules/, dist/, build/ folders
// that a scanner must skip. A few dozen dbt Cloud call sites are planted among ordinary code.
//
//   node scripts/bench/generate-tree.mjs DIR [--files N] [--mb M] [--seed S]
//
// Defaults: 30,000 files, 300 MB, seed 1. The same arguments give the same bytes. DIR must not
// exist; the tree is built in DIR.partial and renamed when complete. The manifest (planted call
// sites with file and line, decoys, the pre-commit sample, sizes) is written beside DIR as
// DIR.manifest.json, so the scanner never reads it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFiller, FOOTERS, HEADERS } from './filler.mjs';
import { BINARY_URL, BUNDLE_CALL, decoys, plantedCalls, skippedPlants } from './plants.mjs';
import { createRandom } from './random.mjs';

export const DEFAULTS = { files: 30000, mb: 300, seed: 1 };
const MB = 1024 * 1024;
const SKIPPED = /(^|\/)(node_modules|dist|build)\//;

// Share of the file count and of the bytes per kind of content. The bytes of planted files,
// decoys and fixed files are small and come on top.
const CATEGORIES = [
  {
    id: 'py',
    lang: 'py',
    ext: 'py',
    files: 0.26,
    bytes: 0.2,
    roots: ['services/{svc}/src/{svc}/{mod}', 'services/{svc}/tests', 'scripts/{area}', 'dags/{area}', 'tools/{area}', 'notebooks/lib'],
  },
  {
    id: 'ts',
    lang: 'ts',
    ext: 'ts',
    files: 0.17,
    bytes: 0.13,
    roots: ['packages/{pkg}/src/{mod}', 'packages/{pkg}/test', 'apps/admin/src/{mod}'],
  },
  { id: 'tsx', lang: 'tsx', ext: 'tsx', files: 0.05, bytes: 0.04, roots: ['apps/web/src/components/{mod}', 'apps/admin/src/pages'] },
  { id: 'js', lang: 'js', ext: 'js', files: 0.06, bytes: 0.04, roots: ['packages/{pkg}/lib', 'apps/web/server/{mod}', 'tools/scripts'] },
  {
    id: 'sql',
    lang: 'sql',
    ext: 'sql',
    files: 0.09,
    bytes: 0.05,
    roots: ['analytics/models/staging/{area}', 'analytics/models/marts/{area}', 'analytics/macros', 'warehouse/migrations'],
  },
  {
    id: 'yaml',
    lang: 'yaml',
    ext: 'yml',
    files: 0.05,
    bytes: 0.025,
    roots: ['analytics/models/marts/{area}', 'analytics/models/staging/{area}', 'deploy/k8s/{svc}', 'config/{area}'],
  },
  {
    id: 'md',
    lang: 'md',
    ext: 'md',
    files: 0.07,
    bytes: 0.05,
    roots: ['docs/{area}', 'docs/guides/{mod}', 'packages/{pkg}', 'services/{svc}/docs'],
  },
  {
    id: 'json',
    lang: 'json',
    ext: 'json',
    files: 0.06,
    bytes: 0.1,
    roots: ['data/fixtures/{area}', 'packages/{pkg}/test/fixtures', 'apps/web/src/locales'],
  },
  { id: 'sh', lang: 'sh', ext: 'sh', files: 0.01, bytes: 0.005, roots: ['scripts/bin', 'ops/bin'] },
  {
    id: 'tf',
    lang: 'tf',
    ext: 'tf',
    files: 0.01,
    bytes: 0.005,
    roots: ['infra/terraform/modules/{mod}', 'infra/terraform/prod', 'infra/terraform/staging'],
  },
  { id: 'csv', lang: 'csv', ext: 'csv', files: 0.004, bytes: 0.06, roots: ['analytics/seeds'] },
  { id: 'bin', files: 0.03, bytes: 0.1, roots: ['assets/img/{area}', 'data/raw/{area}', 'apps/web/public/img'] },
  {
    id: 'node_modules',
    lang: 'js',
    ext: 'js',
    files: 0.12,
    bytes: 0.07,
    roots: ['node_modules/{npm}/lib', 'node_modules/{npm}/dist', 'node_modules/@acme/{npm}/lib', 'packages/{pkg}/node_modules/{npm}'],
  },
  { id: 'dist', lang: 'js', ext: 'js', files: 0.03, bytes: 0.035, roots: ['dist/{pkg}', 'build/{mod}', 'packages/{pkg}/dist'] },
];
const BUNDLE_SHARE = 0.05; // apps/web/public/vendor/*.min.js: three big single-line files, one with a call

const NAMES = {
  svc: ['billing', 'ingest', 'reporting', 'catalog', 'identity', 'search', 'pricing', 'notifications'],
  mod: ['core', 'api', 'models', 'jobs', 'handlers', 'io', 'domain', 'adapters', 'views', 'metrics', 'auth', 'cache'],
  area: ['finance', 'marketing', 'product', 'sales', 'ops', 'growth', 'support', 'people', 'risk', 'supply'],
  pkg: ['ops-api', 'ui-kit', 'catalog-sync', 'release-bot', 'metrics-client', 'webhooks', 'mint', 'feature-flags', 'event-bus'],
  npm: [
    'lodash-es',
    'date-fns',
    'zod',
    'axios',
    'react-dom',
    'chalk',
    'yargs',
    'semver',
    'uuid',
    'ws',
    'undici',
    'pino',
    'ajv',
    'rxjs',
    'tslib',
  ],
};
const STEMS = [
  'order',
  'customer',
  'invoice',
  'payment',
  'shipment',
  'product',
  'session',
  'event',
  'metric',
  'report',
  'ledger',
  'refund',
  'campaign',
  'region',
  'forecast',
  'basket',
];

function parseArgs(argv) {
  const opts = { ...DEFAULTS, dir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) usage(`${a} needs a positive number`);
      return v;
    };
    if (a === '--files') opts.files = Math.round(num());
    else if (a === '--mb') opts.mb = num();
    else if (a === '--seed') opts.seed = Math.round(num());
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else opts.dir = a;
  }
  if (!opts.dir) usage('DIR is required');
  return opts;
}

function usage(message) {
  console.error(`generate-tree: ${message}\nusage: node scripts/bench/generate-tree.mjs DIR [--files N] [--mb M] [--seed S]`);
  process.exit(2);
}

/**
 * Writes the tree into `dir` (which must not exist) and returns the manifest. The manifest is also
 * written to `${dir}.manifest.json`.
 */
export function generateTree(dir, { files = DEFAULTS.files, mb = DEFAULTS.mb, seed = DEFAULTS.seed } = {}) {
  const target = resolve(dir);
  if (existsSync(target)) throw new Error(`${target} exists already`);
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const r = createRandom(seed);
  const filler = createFiller(r);
  const madeDirs = new Set();
  const stats = { files: 0, bytes: 0, skippedFiles: 0, skippedBytes: 0 };
  const written = new Set();

  const write = (rel, content) => {
    if (written.has(rel)) throw new Error(`generated ${rel} twice`);
    written.add(rel);
    const abs = join(partial, rel);
    const d = dirname(abs);
    if (!madeDirs.has(d)) {
      mkdirSync(d, { recursive: true });
      madeDirs.add(d);
    }
    writeFileSync(abs, content);
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    stats.files++;
    stats.bytes += size;
    if (SKIPPED.test(rel)) {
      stats.skippedFiles++;
      stats.skippedBytes += size;
    }
  };

  // Fixed files: what makes it look like a repository, and tells tools what to ignore.
  write('.gitignore', 'node_modules/\ndist/\nbuild/\n*.pyc\n__pycache__/\n.venv/\n');
  write(
    'README.md',
    `# acme-data\n\nMonorepo of the data platform team: services, the dbt Core project in analytics/, Airflow DAGs.\n\n${filler.text('md', 3000)}`,
  );
  write(
    'package.json',
    `${JSON.stringify({ name: 'acme-data', private: true, workspaces: ['packages/*', 'apps/*'], scripts: { build: 'tsc -b', test: 'vitest run' } }, null, 2)}\n`,
  );
  write(
    'analytics/dbt_project.yml',
    "name: acme_analytics\nversion: '1.0.0'\nprofile: analytics\nmodel-paths: [models]\nseed-paths: [seeds]\n",
  );
  write('Makefile', 'test:\n\tpytest -q\n\nbuild:\n\tnpm run build\n\ndbt-build:\n\tcd analytics && dbt build --target prod\n');

  // Planted call sites, each inside ordinary code of its language.
  const callSites = [];
  for (const plant of plantedCalls()) {
    let before = '',
      after = '';
    if (plant.lang) {
      before = (HEADERS[plant.lang] ?? '') + filler.text(plant.lang, r.between(500, 6000));
      after = filler.text(plant.lang, r.between(200, 6000)) + (FOOTERS[plant.lang] ?? '');
    }
    const line = plant.line + (before.match(/\n/g)?.length ?? 0);
    write(plant.path, before + plant.text + after);
    callSites.push({ file: plant.path, line, shape: plant.shape });
  }
  const decoyFiles = [];
  for (const [path, text] of decoys()) {
    write(path, text);
    decoyFiles.push(path);
  }
  const skippedPlantFiles = [];
  for (const [path, text] of skippedPlants()) {
    write(path, text);
    skippedPlantFiles.push(path);
  }

  // Minified vendor bundles: big single lines; the middle one carries a call.
  const bundleBytes = mb * MB * BUNDLE_SHARE;
  const bundles = ['apps/web/public/vendor/charts.min.js', 'apps/web/public/vendor/app.min.js', 'apps/web/public/vendor/editor.min.js'];
  bundles.forEach((path, i) => {
    const size = Math.round(bundleBytes * [0.25, 0.45, 0.3][i]);
    if (i === 1) {
      const half = filler.minified(size / 2);
      write(path, `${half};function dbtRun(a,j,t){return ${BUNDLE_CALL}};${filler.minified(size / 2)}\n`);
      callSites.push({ file: path, line: 1, shape: 'minifiedBundle' });
    } else {
      write(path, `${filler.minified(size)}\n`);
    }
  });
  // A binary file that holds a dbt Cloud URL: a scanner must treat it as binary.
  write(
    'data/cache/app_state.sqlite',
    Buffer.concat([Buffer.from('SQLite format 3\0'), r.bytes(20000), Buffer.from(`\0\0${BINARY_URL}\0\0`), r.bytes(40000)]),
  );

  // A few big data files, as repositories accumulate them (a scanner should stream or skip them cheaply).
  write('data/fixtures/events_dump.json', HEADERS.json + filler.text('json', mb * MB * 0.02) + FOOTERS.json);
  write('analytics/seeds/raw_events.csv', HEADERS.csv + filler.text('csv', mb * MB * 0.03));
  write('data/raw/snapshot.parquet', Buffer.concat([Buffer.from('PAR1'), r.bytes(Math.round(mb * MB * 0.025)), Buffer.from('PAR1')]));

  // Filler, by category.
  const remainingFiles = Math.max(0, files - stats.files);
  const remainingBytes = Math.max(0, mb * MB - stats.bytes);
  const totalFileShare = CATEGORIES.reduce((s, c) => s + c.files, 0);
  const totalByteShare = CATEGORIES.reduce((s, c) => s + c.bytes, 0);
  const ordinary = {};
  for (const cat of CATEGORIES) {
    const count = Math.max(1, Math.round((remainingFiles * cat.files) / totalFileShare));
    const catBytes = (remainingBytes * cat.bytes) / totalByteShare;
    const mean = Math.max(200, catBytes / count);
    const maxSize = Math.min(8 * MB, Math.max(mean * 40, 64 * 1024));
    const perDir = cat.id === 'csv' ? 40 : r.between(30, 90);
    let budget = catBytes;
    for (let k = 0; k < count; k++) {
      const left = count - k;
      // Aim each file at what is left, so the category ends near its byte share.
      const size = Math.min(maxSize, Math.max(120, r.sizeAround(Math.max(120, budget / left), 1)));
      const path = filePath(cat, k, perDir, r);
      if (written.has(path)) continue;
      const content =
        cat.id === 'bin' ? binary(r, size, k) : (HEADERS[cat.lang] ?? '') + filler.text(cat.lang, size) + (FOOTERS[cat.lang] ?? '');
      write(path, content);
      budget -= typeof content === 'string' ? content.length : content.length;
      if (!SKIPPED.test(path) && cat.lang && !ordinary[cat.ext]) ordinary[cat.ext] = path;
    }
  }

  // Pre-commit sample: one file with a planted call, four ordinary ones.
  const preCommit = [callSites[0].file, ordinary.py, ordinary.ts, ordinary.md, ordinary.yml].filter(Boolean);

  // A .git folder makes ripgrep honour .gitignore, as it would in a real checkout (no commit needed).
  try {
    execFileSync('git', ['init', '-q', partial], { stdio: 'ignore' });
  } catch {
    /* git absent: rg then also searches ignored folders */
  }

  renameSync(partial, target);
  const manifest = {
    generator: 'scripts/bench/generate-tree.mjs',
    params: { files, mb, seed },
    ...stats,
    scannedFiles: stats.files - stats.skippedFiles,
    scannedBytes: stats.bytes - stats.skippedBytes,
    callSites,
    decoys: decoyFiles,
    skippedPlants: skippedPlantFiles,
    preCommit,
  };
  writeFileSync(`${target}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function filePath(cat, k, perDir, r) {
  const dirIndex = Math.floor(k / perDir);
  const root = cat.roots[dirIndex % cat.roots.length];
  const cycle = Math.floor(dirIndex / cat.roots.length);
  const fill = (key) => {
    const list = NAMES[key];
    const name = list[(cycle + key.length) % list.length];
    const round = Math.floor(cycle / list.length);
    return round > 0 ? `${name}${round + 1}` : name;
  };
  const dir = root.replace(/\{(\w+)\}/g, (_m, key) => fill(key));
  const stem = `${STEMS[k % STEMS.length]}_${r.pick(STEMS)}_${k}`;
  if (cat.id === 'bin') {
    const ext = ['png', 'parquet', 'gz', 'pyc', 'whl', 'jpg'][k % 6];
    return `${dir}/${stem}.${ext}`;
  }
  if (cat.id === 'py' && dir.endsWith('/tests')) return `${dir}/test_${stem}.py`;
  if (cat.id === 'ts' && dir.endsWith('/test')) return `${dir}/${stem}.test.ts`;
  return `${dir}/${stem}.${cat.ext}`;
}

const MAGIC = {
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  parquet: Buffer.from('PAR1'),
  gz: Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
  pyc: Buffer.from([0x6f, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]),
  whl: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  jpg: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
};

function binary(r, size, k) {
  const magic = Object.values(MAGIC)[k % 6];
  const body = r.bytes(Math.max(0, size - magic.length));
  return Buffer.concat([magic, body]);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const m = generateTree(opts.dir, opts);
  console.log(
    `${opts.dir}: ${m.files} files, ${(m.bytes / MB).toFixed(0)} MB (${m.skippedFiles} files, ${(m.skippedBytes / MB).toFixed(0)} MB in skipped folders), ${m.callSites.length} planted call sites, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
