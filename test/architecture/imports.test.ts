import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The import boundaries of ARCHITECTURE.md, read from the import statements of src/**/*.ts with
// TypeScript's own parser (static, re-export and dynamic imports alike):
// - src/report/ is the last stage: only the reporters themselves and the CLI import from it, and
//   the few renderers listed in REPORT_EXCEPTIONS, each with the reason it may.
// - src/model/ is the first thing every stage imports, so it imports nothing outside itself (but
//   the types listed in MODEL_EXCEPTIONS): a model that reached into a stage would tie them again.

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

interface Import {
  importer: string;
  imported: string;
  typeOnly: boolean;
}

/** Every relative import of one file, resolved to a repo-relative `.ts` path. */
function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: Import[] = [];
  const add = (specifier: ts.Expression | undefined, typeOnly: boolean): void => {
    if (!specifier || !ts.isStringLiteralLike(specifier) || !specifier.text.startsWith('.')) return;
    const imported = posix.normalize(posix.join(posix.dirname(file), specifier.text)).replace(/\.js$/, '.ts');
    out.push({ importer: file, imported, typeOnly });
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
      add(node.arguments[0], false);
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

  it('every listed exception is still needed', () => {
    const { used } = check(imports);
    const stale = [...REPORT_EXCEPTIONS, ...MODEL_EXCEPTIONS].filter((e) => !used.has(e)).map((e) => `${e.importer} → ${e.imported}`);
    expect(stale).toEqual([]);
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
});
