// The options of `npm run bench` (scripts/bench.mjs), parsed apart from the script so that they can
// be tested without running a benchmark.
import { DEFAULTS } from './generate-tree.mjs';

/** The three sizes of the scale curve, in files: a data team's repository, three and nine times it. */
export const SCALE_SIZES = [10000, 30000, 90000];

export class BenchUsageError extends Error {}

/** "10000,30000,90000" (also "10k,30k,90k") as file counts, smallest first. */
export function parseSizes(text) {
  const sizes = String(text)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(\d+(?:\.\d+)?)(k?)$/i.exec(s);
      const n = m ? Math.round(Number(m[1]) * (m[2] ? 1000 : 1)) : NaN;
      if (!Number.isFinite(n) || n < 100) throw new BenchUsageError(`--scale: "${s}" is not a number of files (100 or more)`);
      return n;
    });
  if (!sizes.length) throw new BenchUsageError('--scale needs sizes, e.g. 10000,30000,90000');
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** "A,B,C" as folders, in the order given (the curve is read in that order). */
function parseDirs(text) {
  const dirs = String(text)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!dirs.length) throw new BenchUsageError('--scale-dirs needs folders, e.g. /tmp/dts-data-team-10,/tmp/dts-data-team-30');
  return dirs;
}

/** The options from the command line; throws BenchUsageError on a bad one. `--help` gives { help: true }. */
export function parseBenchArgs(argv) {
  const o = {
    folder: undefined,
    tree: undefined,
    files: DEFAULTS.files,
    mb: DEFAULTS.mb,
    seed: DEFAULTS.seed,
    runs: 3,
    keep: false,
    generateOnly: false,
    precommitOnly: false,
    json: false,
    history: true,
    historyOnly: false,
    warm: true,
    scale: SCALE_SIZES,
    scaleDirs: undefined,
    scaleAsked: false,
    help: false,
  };
  let noScale = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new BenchUsageError(`${a} needs a value`);
      return argv[++i];
    };
    const num = () => {
      const v = Number(value());
      if (!Number.isFinite(v) || v <= 0) throw new BenchUsageError(`${a} needs a positive number`);
      return v;
    };
    if (a === '--tree') o.tree = value();
    else if (a === '--files') o.files = Math.round(num());
    else if (a === '--mb') o.mb = num();
    else if (a === '--seed') o.seed = Math.round(num());
    else if (a === '--runs') o.runs = Math.max(1, Math.round(num()));
    else if (a === '--keep') o.keep = true;
    else if (a === '--generate-only') {
      o.generateOnly = true;
      o.keep = true;
    } else if (a === '--precommit-only') o.precommitOnly = true;
    else if (a === '--json') o.json = true;
    else if (a === '--no-history') o.history = false;
    else if (a === '--history-only') o.historyOnly = true;
    else if (a === '--no-warm') o.warm = false;
    else if (a === '--scale') {
      o.scale = parseSizes(value());
      o.scaleAsked = true;
    } else if (a === '--no-scale') noScale = true;
    else if (a === '--scale-dirs') {
      o.scaleDirs = parseDirs(value());
      o.scaleAsked = true;
    } else if (a === '-h' || a === '--help') o.help = true;
    else if (a.startsWith('-')) throw new BenchUsageError(`unknown option ${a}`);
    else if (o.folder) throw new BenchUsageError('only one FOLDER');
    else o.folder = a;
  }
  if (noScale) {
    o.scale = [];
    o.scaleDirs = undefined;
    o.scaleAsked = false;
  }
  return o;
}
