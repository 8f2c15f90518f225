import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/adapters/registry.js';

// The import boundaries of ARCHITECTURE.md, read from the import statements of src/**/*.ts with
// TypeScript's own parser (static, re-export and dynamic imports alike):
// - src/report/ is the last stage: only the reporters themselves and the CLI import from it, and
//   the few renderers listed in REPORT_EXCEPTIONS, each with the reason it may.
// - src/model/ is the first thing every stage imports, so it imports nothing outside itself (but
//   the types listed in MODEL_EXCEPTIONS): a model that reached into a stage would tie them again.
// - src/adapters/: each adapter's folder imports no other adapter's folder, and the shared readers
//   (src/adapters/shared/) import none, but as ADAPTER_EXCEPTIONS lets them; of the files beside
//   the folders only registry.ts imports into one, its descriptor. A descriptor stays cheap (every
//   scan imports all of them): it imports the adapter itself only dynamically.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Exception {
  /** Repo-relative paths of the importing files. */
  importer: RegExp;
  /** Repo-relative paths of the imported files. */
  imported: RegExp;
  typeOnly?: true;
  why: string;
}

const REPORT_EXCEPTIONS: readonly Exception[] = [
  {
    importer: /^src\/history\/render-(json|markdown|sarif|text)\.ts$/,
    imported: /^src\/report\/reporters\//,
    why: "`history` prints its report in the scan's formats: its renderers reuse the reporters' JSON shape, SARIF, wording and escaping so both outputs read the same",
  },
  {
    importer: /^src\/merge\/(merged-csv|merged-markdown|org-inventory|scrub-merged)\.ts$/,
    imported: /^src\/report\/(inventory|migration-plan|reporters\/[a-z-]+)\.ts$/,
    why: "`merge` renders the organisation's migration inventory: it builds on the repository's migration plan and prints it with the inventory's cells, wording and last redaction pass",
  },
];

const MODEL_EXCEPTIONS: readonly Exception[] = [
  {
    importer: /^src\/model\/extracted\.ts$/,
    imported: /^src\/credentials\/evidence\.ts$/,
    typeOnly: true,
    why: "what decided a credential's type (`Basis`) is ordered by strength in src/credentials/evidence.ts, next to the code that compares and carries it",
  },
];

const ADAPTER_EXCEPTIONS: readonly Exception[] = [
  {
    importer: /^src\/adapters\/(?!shell\/)[a-z-]+\//,
    imported: /^src\/adapters\/shell\//,
    why: 'shell/ is the shell reader as well as the shell adapter: every format that embeds shell (CI steps, Dockerfile RUN, Jenkins `sh`, compose and Kubernetes commands, notebook `!` lines) hands its scripts to the one shell extractor',
  },
  {
    importer: /^src\/adapters\/shell\/inline-python\.ts$/,
    imported: /^src\/adapters\/python\//,
    why: "a script's inline Python (`python - <<'EOF'`, `python -c '…'`) is Python: the shell reader hands it to the Python adapter's reader, loaded only when a script has some",
  },
  {
    importer: /^src\/adapters\/github-actions\//,
    imported: /^src\/adapters\/javascript\/embedded-body\.ts$/,
    why: "`actions/github-script`'s `script:` is JavaScript: the GitHub Actions adapter hands it to the JavaScript adapter's reader, loaded only when a workflow has one",
  },
  {
    importer: /^src\/adapters\/(notebook|sql)\//,
    imported: /^src\/adapters\/python\//,
    why: "a Jupyter notebook's code cells and a SQL file's Python bodies are Python: the notebook and sql adapters read them with the Python adapter's reader, and need its keywords",
  },
];

/** What a descriptor may import statically, besides `../descriptor.ts` and other descriptors. */
const DESCRIPTOR_IMPORTS: readonly Exception[] = [
  {
    importer: /^src\/adapters\/devcontainer\/descriptor\.ts$/,
    imported: /^src\/classify\/devcontainer\.ts$/,
    why: 'the dev container paths are one pattern, which the workflow classifier also reads',
  },
  {
    importer: /^src\/adapters\/dotenv\/descriptor\.ts$/,
    imported: /^src\/discover\/dotenv-names\.ts$/,
    why: "the .env file names are one pattern, which the reach and the report's credential store also read",
  },
  {
    importer: /^src\/adapters\/lines\/descriptor\.ts$/,
    imported: /^src\/adapters\/lines\/fact-hints\.ts$/,
    why: 'what a line-level fact needs is a few regexes, which the pre-filter tests on the bytes and the adapter on the text',
  },
  {
    importer: /^src\/adapters\/lines\/descriptor\.ts$/,
    imported: /^src\/adapters\/shared\/line-facts\/syntaxes\.ts$/,
    why: "each file family's comment marks are one table of plain data, which the adapter's lexer also reads",
  },
];

interface Import {
  importer: string;
  imported: string;
  typeOnly: boolean;
  dynamic?: true;
}

/** Every relative import of one file, resolved to a repo-relative `.ts` path. */
function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: Import[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean, dynamic = false): void => {
    if (!specifier || !ts.isStringLiteralLike(specifier) || !specifier.text.startsWith('.')) return;
    const imported = posix.normalize(posix.join(posix.dirname(file), specifier.text)).replace(/\.js$/, '.ts');
    out.push({ importer: file, imported, typeOnly, ...(dynamic && { dynamic: true as const }) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const allNamedTypes =
        !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || (!clause.name && allNamedTypes)));
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const allowedBy = (list: readonly Exception[], i: Import): Exception | undefined =>
  list.find((e) => e.importer.test(i.importer) && e.imported.test(i.imported) && (!e.typeOnly || i.typeOnly));

/** The imports that cross a boundary, and the exceptions that let the others through. */
function check(imports: readonly Import[]): { violations: string[]; used: Set<Exception> } {
  const violations: string[] = [];
  const used = new Set<Exception>();
  for (const i of imports) {
    const intoReport = i.imported.startsWith('src/report/') && !/^src\/(report|cli)\//.test(i.importer);
    const outOfModel = i.importer.startsWith('src/model/') && !i.imported.startsWith('src/model/');
    if (!intoReport && !outOfModel) continue;
    const exception = allowedBy(intoReport ? REPORT_EXCEPTIONS : MODEL_EXCEPTIONS, i);
    if (exception) used.add(exception);
    else violations.push(`${i.importer} imports ${i.imported}${i.typeOnly ? ' (types only)' : ''}`);
  }
  return { violations, used };
}

/** The adapter whose folder holds a file of src/adapters/ ('shared/x' for a shared reader, '' for the files beside the folders). */
function adapterFolder(path: string): string | undefined {
  if (!path.startsWith('src/adapters/')) return undefined;
  const parts = path.slice('src/adapters/'.length).split('/');
  if (parts.length === 1) return '';
  return parts[0] === 'shared' ? `shared/${parts[1]}` : parts[0];
}

/** Imports of src/adapters/ that reach into another adapter's folder, or a descriptor's heavy imports. */
function checkAdapters(imports: readonly Import[]): { violations: string[]; used: Set<Exception> } {
  const violations: string[] = [];
  const used = new Set<Exception>();
  const allow = (list: readonly Exception[], i: Import): boolean => {
    const exception = allowedBy(list, i);
    if (exception) used.add(exception);
    return !!exception;
  };
  for (const i of imports) {
    const from = adapterFolder(i.importer);
    if (from === undefined) continue;
    const to = adapterFolder(i.imported);
    if (i.importer.endsWith('/descriptor.ts') && from !== '') {
      const cheap = i.dynamic
        ? i.imported === `src/adapters/${from}/adapter.ts`
        : i.typeOnly || i.imported.endsWith('/descriptor.ts') || allow(DESCRIPTOR_IMPORTS, i);
      if (!cheap) violations.push(`${i.importer} imports ${i.imported}${i.dynamic ? ' (dynamic)' : ''}: a descriptor stays cheap`);
      if (!cheap || to === undefined || to === '' || to === from) continue;
    }
    if (to === undefined || to === '' || to === from || to.startsWith('shared/')) continue;
    if (from === '' && i.importer === 'src/adapters/registry.ts' && i.imported === `src/adapters/${to}/descriptor.ts`) continue;
    if (!allow(ADAPTER_EXCEPTIONS, i)) violations.push(`${i.importer} imports ${i.imported}${i.typeOnly ? ' (types only)' : ''}`);
  }
  return { violations, used };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

const repoImports = (): Import[] => sourceFiles('src').flatMap((f) => importsOf(f, readFileSync(join(ROOT, f), 'utf8')));

describe('import boundaries', () => {
  const imports = repoImports();

  it('reads the imports of every source file, dynamic ones included', () => {
    // Guards the check below against passing on nothing: files the CLI is known to import.
    const seen = (importer: string, imported: string): boolean => imports.some((i) => i.importer === importer && i.imported === imported);
    expect(seen('src/cli/commands/scan.ts', 'src/scan/scan.ts')).toBe(true);
    expect(seen('src/report/reporters/index.ts', 'src/report/reporters/json.ts')).toBe(true); // import('./json.js')
    expect(new Set(imports.map((i) => i.importer)).size).toBeGreaterThan(200);
  });

  it('nothing but reporters and the CLI imports src/report/, and src/model/ imports only itself', () => {
    expect(check(imports).violations).toEqual([]);
  });

  it("an adapter's folder imports no other adapter's folder, and a descriptor imports nothing heavy", () => {
    expect(checkAdapters(imports).violations).toEqual([]);
  });

  it('every listed exception is still needed', () => {
    const used = new Set([...check(imports).used, ...checkAdapters(imports).used]);
    const stale = [...REPORT_EXCEPTIONS, ...MODEL_EXCEPTIONS, ...ADAPTER_EXCEPTIONS, ...DESCRIPTOR_IMPORTS]
      .filter((e) => !used.has(e))
      .map((e) => `${e.importer} → ${e.imported}`);
    expect(stale).toEqual([]);
  });

  it('every adapter of the registry has its folder, and every folder of src/adapters/ is an adapter or shared/', () => {
    const folders = readdirSync(join(ROOT, 'src/adapters'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'shared')
      .map((e) => e.name);
    expect(folders.sort()).toEqual(ADAPTERS.map((a) => a.id).sort());
    const registry = imports.filter((i) => i.importer === 'src/adapters/registry.ts').map((i) => i.imported);
    for (const a of ADAPTERS) expect(registry, a.id).toContain(`src/adapters/${a.id}/descriptor.ts`);
  });

  it('names an import that crosses a boundary', () => {
    const file = (path: string, text: string): Import[] => importsOf(path, text);
    const made = [
      ...file('src/rules/evaluate.ts', "import type { Report } from '../report/types.js';\nimport { x } from '../model/report-order.js';"),
      ...file('src/scan/scan.ts', "const r = await import('../report/outgoing.js');"),
      ...file('src/model/report.ts', "export { scan } from '../scan/scan.js';"),
      ...file(
        'src/model/extracted.ts',
        "import { BASES } from '../credentials/evidence.js';\nimport { type Basis } from '../credentials/evidence.js';",
      ),
      ...file('src/history/render-text.ts', "import { count } from '../report/reporters/wording.js';"),
      ...file('src/history/history.ts', "import { count } from '../report/reporters/wording.js';"),
      ...file('src/cli/commands/scan.ts', "import { loadReporter } from '../../report/reporters/index.js';"),
    ];
    expect(check(made).violations).toEqual([
      'src/rules/evaluate.ts imports src/report/types.ts (types only)',
      'src/scan/scan.ts imports src/report/outgoing.ts',
      'src/model/report.ts imports src/scan/scan.ts',
      'src/model/extracted.ts imports src/credentials/evidence.ts',
      'src/history/history.ts imports src/report/reporters/wording.ts',
    ]);
  });

  it("names an import into another adapter's folder, and a descriptor's heavy import", () => {
    const file = (path: string, text: string): Import[] => importsOf(path, text);
    const made = [
      ...file('src/adapters/terraform/json-reader.ts', "import { parseJsonTree } from '../postman/json-tree.js';"),
      ...file('src/adapters/shared/ci-yaml/x.ts', "import type { TfDocument } from '../../terraform/model.js';"),
      ...file('src/adapters/yaml-fallback.ts', "const l = await import('./lines/adapter.js');"),
      ...file('src/adapters/python/descriptor.ts', "import { parse } from './parser.js';\nconst a = () => import('../shell/adapter.js');"),
      ...file('src/adapters/shell/descriptor.ts', "import { loadParser } from '../tree-sitter.js';"),
      // Allowed: shared readers, the shell reader, the files beside the folders, a descriptor's own adapter.
      ...file('src/adapters/terraform/json-reader.ts', "import { parseJsonTree } from '../shared/json-offsets/json-tree.js';"),
      ...file('src/adapters/github-actions/adapter.ts', "import { extractShellScript } from '../shell/script.js';"),
      ...file('src/adapters/registry.ts', "import { descriptor } from './python/descriptor.js';"),
      ...file(
        'src/adapters/sql/descriptor.ts',
        "import { descriptor } from '../python/descriptor.js';\nconst a = () => import('./adapter.js');",
      ),
    ];
    expect(checkAdapters(made).violations).toEqual([
      'src/adapters/terraform/json-reader.ts imports src/adapters/postman/json-tree.ts',
      'src/adapters/shared/ci-yaml/x.ts imports src/adapters/terraform/model.ts (types only)',
      'src/adapters/yaml-fallback.ts imports src/adapters/lines/adapter.ts',
      'src/adapters/python/descriptor.ts imports src/adapters/python/parser.ts: a descriptor stays cheap',
      'src/adapters/python/descriptor.ts imports src/adapters/shell/adapter.ts (dynamic): a descriptor stays cheap',
      'src/adapters/shell/descriptor.ts imports src/adapters/tree-sitter.ts: a descriptor stays cheap',
    ]);
  });
});
