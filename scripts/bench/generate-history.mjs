// A synthetic git history for the history benchmark (scripts/bench/history.mjs): thousands of
// commits on a main branch and feature branches, some merged back, some left open, made in one
// `git fast-import` stream (seconds, not minutes). Tokens are planted along the way, made of pieces
// at run time: added then deleted, kept to HEAD, on a branch never merged, in a file later
// renamed, and a user API key beside a dbt Cloud name. The manifest lists them with what
// `dbt-token-scan history` should report.

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createFiller, HEADERS } from './filler.mjs';
import { createRandom } from './random.mjs';

export const HISTORY_DEFAULTS = { commits: 6000, files: 1500, seed: 7 };

const LANGS = [
  ['py', 'src', 4],
  ['sql', 'models', 3],
  ['yaml', 'config', 1],
  ['sh', 'scripts', 1],
  ['md', 'docs', 1],
  ['ts', 'web', 2],
];
const EXT = { py: 'py', sql: 'sql', yaml: 'yml', sh: 'sh', md: 'md', ts: 'ts' };
const START = Date.UTC(2021, 0, 4) / 1000;

/** A token body of 50 characters, distinct per `i`, with a distinct last four. */
function body(r, i) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let k = 0; k < 46; k++) s += chars[r.int(chars.length)];
  return s + `Z${String(i).padStart(3, '0')}`;
}

const hex40 = (r) => Array.from({ length: 40 }, () => '0123456789abcdef'[r.int(16)]).join('');

/** What a line that commits a token looks like, by language. */
function tokenLine(lang, token) {
  if (lang === 'py') return `DBT_CLOUD_TOKEN = "${token}"\n`;
  if (lang === 'sh') return `curl -H "Authorization: Token ${token}" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`;
  if (lang === 'yaml') return `dbt_cloud_token: "${token}"\n`;
  if (lang === 'ts') return `const DBT_CLOUD_TOKEN = '${token}';\n`;
  return `token: ${token}\n`;
}

export function generateHistory(
  dir,
  { commits = HISTORY_DEFAULTS.commits, files = HISTORY_DEFAULTS.files, seed = HISTORY_DEFAULTS.seed } = {},
) {
  const r = createRandom(seed);
  const filler = createFiller(r, 300);
  mkdirSync(dir, { recursive: true });
  const init = spawnSync('git', ['init', '-q', '-b', 'main', dir]);
  if (init.status !== 0) throw new Error(`git init failed: ${init.stderr}`);

  const chunks = [];
  const emit = (s) => chunks.push(typeof s === 'string' ? Buffer.from(s) : s);
  const data = (text) => {
    const b = Buffer.from(text);
    emit(`data ${b.length}\n`);
    emit(b);
    emit('\n');
  };
  // Files of main: path -> { lang, text }.
  const main = new Map();
  const weights = LANGS.flatMap(([lang, folder, w]) => Array(w).fill([lang, folder]));
  for (let i = 0; i < files; i++) {
    const [lang, folder] = r.pick(weights);
    const path = `${folder}/${lang === 'sql' ? 'stg' : 'mod'}_${String(i).padStart(4, '0')}.${EXT[lang]}`;
    let text = (HEADERS[lang] ?? '') + filler.text(lang, r.sizeAround(2500, 0.6));
    // About one file in ten talks about dbt (the byte pre-filter lets it through).
    if (r.chance(0.1))
      text += lang === 'sh' ? 'dbt build --select state:modified+ --target prod\n' : `# runs after the dbt Cloud job ${r.int(9999)}\n`;
    main.set(path, { lang, text });
  }
  const paths = [...main.keys()];
  let mark = 0;
  let time = START;
  const planted = [];
  const commit = (ref, { from, merge, message, changes }) => {
    const m = ++mark;
    time += 600 + r.int(3000);
    emit(`commit refs/heads/${ref}\nmark :${m}\ncommitter Bench <bench@example.invalid> ${time} +0000\n`);
    data(message);
    if (from) emit(`from :${from}\n`);
    if (merge) emit(`merge :${merge}\n`);
    for (const [path, text] of changes) {
      if (text === null) emit(`D ${path}\n`);
      else {
        emit(`M 100644 inline ${path}\n`);
        data(text);
      }
    }
    return m;
  };
  const edit = (text) => {
    const lines = text.split('\n');
    // Never the first line: that is where tokens are planted, and they stay until deleted on purpose.
    const at = 1 + r.int(Math.max(1, lines.length - 8));
    lines.splice(at, r.between(1, 6), ...filler.text('md', 200).split('\n').slice(0, 3));
    return lines.join('\n');
  };

  let tip = commit('main', { message: 'initial import\n', changes: [...main].map(([p, f]) => [p, f.text]) });
  const open = [];
  const plantAt = new Map();
  // Where tokens go: spread over the history.
  const kinds = ['deleted', 'deleted', 'deleted', 'head', 'head', 'branch', 'renamed', 'legacy', 'deleted', 'head'];
  const plantCount = 20;
  for (let i = 0; i < plantCount; i++) plantAt.set(Math.floor(((i + 0.5) / plantCount) * (commits - 200)) + 50, kinds[i % kinds.length]);
  const pendingDeletes = new Map();
  const used = new Set();
  let made = 1;
  while (made < commits) {
    const kind = plantAt.get(made);
    if (kind) {
      const i = planted.length;
      // A file of its own: deleting one token must not take another planted in the same file.
      const path = r.pick(paths.filter((p) => /\.(py|sh|yml)$/.test(p) && !used.has(p)));
      used.add(path);
      const f = main.get(path);
      const token = kind === 'legacy' ? hex40(r) : `dbt${r.chance(0.5) ? 'u' : 'c'}_${body(r, i)}`;
      const line = kind === 'legacy' ? `export DBT_CLOUD_API_KEY=${token}\n` : tokenLine(f.lang, token);
      const entry = {
        kind,
        file: path,
        type: kind === 'legacy' ? 'legacy-user-api-key' : token.startsWith('dbtu_') ? 'pat' : 'service-token',
        last4: token.slice(-4),
        atHead: kind === 'head' || kind === 'renamed' || kind === 'legacy',
      };
      if (kind === 'branch') {
        const side = commit(`feature/leak-${i}`, { from: tip, message: `wip ${i}\n`, changes: [[path, line + f.text]] });
        void side;
        entry.atHead = false;
      } else {
        const legacyPath = kind === 'legacy' ? `scripts/env_${i}.sh` : path;
        const text =
          kind === 'legacy'
            ? `#!/bin/sh\n${line}curl -H "Authorization: Token $DBT_CLOUD_API_KEY" https://cloud.getdbt.com/api/v2/accounts/1/runs/\n`
            : line + f.text;
        main.set(legacyPath, { lang: kind === 'legacy' ? 'sh' : f.lang, text });
        entry.file = legacyPath;
        tip = commit('main', { from: tip, message: `configure ${i}\n`, changes: [[legacyPath, text]] });
        if (kind === 'deleted') pendingDeletes.set(made + 30 + r.int(100), legacyPath);
        if (kind === 'renamed') {
          const to = legacyPath.replace(/(\.[a-z]+)$/, '_v2$1');
          made++;
          tip = commit('main', {
            from: tip,
            message: `rename ${i}\n`,
            changes: [
              [legacyPath, null],
              [to, text],
            ],
          });
          main.delete(legacyPath);
          main.set(to, { lang: f.lang, text });
          paths[paths.indexOf(legacyPath)] = to;
        }
      }
      planted.push(entry);
      made++;
      continue;
    }
    const due = [...pendingDeletes].find(([at]) => at <= made);
    if (due) pendingDeletes.delete(due[0]);
    const del = due?.[1];
    if (del && main.has(del)) {
      const f = main.get(del);
      f.text = f.text
        .split('\n')
        .filter((l) => !/dbt[uc]_/.test(l))
        .join('\n');
      tip = commit('main', { from: tip, message: 'remove the token\n', changes: [[del, f.text]] });
      made++;
      continue;
    }
    // A feature branch now and then: a few commits, merged back (most) or left open.
    if (r.chance(0.02) && made + 6 < commits) {
      const name = `feature/f${made}`;
      let side = tip;
      const touched = new Map();
      const n = r.between(2, 5);
      for (let k = 0; k < n; k++) {
        const p = r.pick(paths);
        const text = edit((touched.get(p) ?? main.get(p)).text ?? main.get(p).text);
        touched.set(p, { text });
        side = commit(name, { from: side, message: `feature work ${k}\n`, changes: [[p, text]] });
      }
      made += n;
      if (r.chance(0.8)) {
        for (const [p, f] of touched) main.get(p).text = f.text;
        tip = commit('main', { from: tip, merge: side, message: `Merge ${name}\n`, changes: [...touched].map(([p, f]) => [p, f.text]) });
        made++;
      } else open.push(name);
      continue;
    }
    const changes = [];
    for (let k = r.between(1, 3); k > 0; k--) {
      const p = r.pick(paths);
      const f = main.get(p);
      f.text = edit(f.text);
      changes.push([p, f.text]);
    }
    tip = commit('main', { from: tip, message: `change ${made}\n`, changes });
    made++;
  }
  emit('done\n');
  const res = spawnSync('git', ['fast-import', '--quiet', '--done'], { cwd: dir, input: Buffer.concat(chunks), maxBuffer: 1 << 30 });
  if (res.status !== 0) throw new Error(`git fast-import failed: ${res.stderr}`);
  const co = spawnSync('git', ['checkout', '-q', '-f', 'main'], { cwd: dir });
  if (co.status !== 0) throw new Error(`git checkout failed: ${co.stderr}`);
  return {
    generator: 'scripts/bench/generate-history.mjs',
    params: { commits, files, seed },
    commits: mark,
    planted,
    openBranches: open.length,
  };
}
