import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './temp-dir.js';
import { GIT_ENV } from './worktree-copy.js';

// Repositories that try to make dbt-token-scan run their code: every command their git config
// or .gitattributes can name is a script that leaves a marker file, so a test sees at once what
// ran. A marker is a file in `markers/` named for the config key that ran it.

export interface Hostile {
  root: string;
  markers: string;
  /** The script that leaves a marker: `${mark} NAME` in a config value. */
  mark: string;
}

/** The hooks git knows; each one leaves a marker where it is installed. */
const HOOKS = [
  'applypatch-msg',
  'pre-applypatch',
  'post-applypatch',
  'pre-commit',
  'pre-merge-commit',
  'prepare-commit-msg',
  'commit-msg',
  'post-commit',
  'pre-rebase',
  'post-checkout',
  'post-merge',
  'pre-push',
  'pre-receive',
  'update',
  'proc-receive',
  'post-receive',
  'post-update',
  'reference-transaction',
  'push-to-checkout',
  'pre-auto-gc',
  'post-rewrite',
  'sendemail-validate',
  'fsmonitor-watchman',
  'p4-changelist',
  'p4-prepare-changelist',
  'p4-post-changelist',
  'p4-pre-submit',
  'post-index-change',
];

export function hostileRoot(prefix: string): Hostile {
  const root = tempDir(prefix);
  const markers = join(root, 'markers');
  mkdirSync(markers);
  const mark = join(root, 'mark');
  // Passes its input through, so that a filter or textconv that does run still "works".
  writeFileSync(mark, `#!/bin/sh\ntouch "${markers}/$1"\nexec cat\n`);
  chmodSync(mark, 0o755);
  return { root, markers, mark };
}

export function markersLeft(h: Hostile): string[] {
  return readdirSync(h.markers).sort();
}

export function git(cwd: string, ...args: string[]): string {
  const res = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')}: ${res.stderr}`);
  return res.stdout;
}

export function write(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

/** Installs a marker hook under every hook name in `dir`. */
export function installHooks(h: Hostile, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of HOOKS) {
    writeFileSync(join(dir, name), `#!/bin/sh\ntouch "${h.markers}/hook-${name}"\n`);
    chmodSync(join(dir, name), 0o755);
  }
}

/**
 * Everything a repository's own config can name to run: appended to `.git/config` of `repo`
 * after the test has made its commits (the test's own git must not trip over it).
 */
export function armRepository(h: Hostile, repo: string): void {
  const m = (name: string): string => `"${h.mark} ${name}"`;
  const hooksPath = join(h.root, 'hooks');
  installHooks(h, hooksPath);
  installHooks(h, join(repo, '.git', 'hooks'));
  const config = `
[core]
	fsmonitor = ${m('fsmonitor')}
	hooksPath = ${hooksPath}
	pager = ${m('pager')}
	sshCommand = ${m('ssh')}
	askPass = ${m('askpass')}
	editor = ${m('editor')}
	alternateRefsCommand = ${m('alternate-refs')}
	untrackedCache = true
[filter "evil"]
	clean = ${m('filter-clean')}
	smudge = ${m('filter-smudge')}
	required = true
[filter "evilproc"]
	process = ${m('filter-process')}
	required = true
[diff "evil"]
	textconv = ${m('textconv')}
	command = ${m('diff-driver')}
[diff]
	external = ${m('diff-external')}
[alias]
	ls-files = !${h.mark} alias-ls-files
	diff-index = !${h.mark} alias-diff-index
	cat-file = !${h.mark} alias-cat-file
	rev-parse = !${h.mark} alias-rev-parse
[credential]
	helper = !${h.mark} credential
[gpg]
	program = ${m('gpg')}
[log]
	showSignature = true
[gc]
	auto = 1
[maintenance]
	auto = true
[protocol]
	allow = always
[uploadpack]
	packObjectsHook = ${m('pack-objects-hook')}
`;
  writeFileSync(join(repo, '.git', 'config'), readFileSync(join(repo, '.git', 'config'), 'utf8') + config);
  const attributes = '* filter=evil diff=evil\n*.txt filter=evilproc\n';
  writeFileSync(join(repo, '.gitattributes'), attributes);
  mkdirSync(join(repo, '.git', 'info'), { recursive: true });
  writeFileSync(join(repo, '.git', 'info', 'attributes'), attributes);
}

/** Lines of a GIT_TRACE file that show git starting another program (a fetch, a filter, a hook). */
export function childProcessesIn(traceFile: string): string[] {
  if (!existsSync(traceFile)) return [];
  return readFileSync(traceFile, 'utf8')
    .split('\n')
    .filter((l) => /run_command|built-in: git fetch|git-remote-|upload-pack|start_command/.test(l));
}
