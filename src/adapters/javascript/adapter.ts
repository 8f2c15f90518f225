import { importsScheduler, SCHEDULER_TEXT } from './schedulers.js';
import { isBudgetExceeded } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts } from '../../model/raw-facts.js';
import { CallSiteFinder } from './call-sites.js';
import { isClientPackage } from './clients.js';
import { isDesktopExtension } from './extension.js';
import { ModuleLoader } from './imports.js';
import { indexModule } from './module-index.js';
import { fitsParser, loadParser, parseSource } from './parse.js';
import { Resolver } from './resolve-value.js';
import { scanText } from './text-scan.js';

// JavaScript and TypeScript: dbt Cloud API calls made with fetch, node-fetch, undici, axios,
// got, ky, superagent and friends, and MCP SDK client transports, with URLs and tokens followed
// through constants, template literals, classes, helper functions and imports of other
// repository files.

/**
 * Files that can yield nothing: no dbt mention, no dbt-like API path, and no import of another
 * repository file that mentions dbt (through which a base URL, token or helper could arrive).
 */
const MAY_MATTER = /dbt|\/api\/(v[234]|ai)\/|graphql/i;
const LOCAL_IMPORT = /\b(?:from|require\s*\(|import\s*\()\s*['"](?:\.|@\/|~\/|#)/;

const APPS_SCRIPT = /\.gs$/i;
/** Apps Script's own globals: a clasp project keeps its scripts as `.js` / `.ts`. */
const APPS_SCRIPT_SERVICES =
  /\b(?:UrlFetchApp\.fetch(?:All)?|PropertiesService\.get(?:Script|User|Document)Properties|ScriptApp\.newTrigger)\s*\(/;

/** A file importing the GitHub Actions toolkit is an Action's code: it runs in CI. */
const ACTIONS_TOOLKIT = /^@actions\/(core|github)$/;

export const adapter: LanguageAdapter = {
  id: 'javascript',
  async extract(file, ctx) {
    const facts = emptyFacts();
    const text = file.text;
    const mentions = MAY_MATTER.test(text);
    if (!mentions && !LOCAL_IMPORT.test(text)) return facts;
    const loader = new ModuleLoader(ctx, mentions ? undefined : /dbt/i);
    if (!mentions && !loader.importsMentionDbt(file.path, text)) return facts;
    // A module saying dbt only in names, docs links or comments, importing nothing that says more.
    if (!loader.reachesCallEvidence(file.path, text)) return facts;
    if (!fitsParser(text)) return withTextScan(facts, text);
    await loadParser();
    const parsed = parseSource(file.path, text);
    if (!parsed.ok) {
      if (parsed.line !== undefined) facts.problems.push(`JavaScript parse error at line ${parsed.line}; scanned as text`);
      return withTextScan(facts, text);
    }
    try {
      const mod = indexModule(file.path, text, parsed.program);
      loader.register(mod);
      await loader.prepareAliases(mod, isClientPackage);
      const found = new CallSiteFinder(new Resolver(loader), mod).find();
      facts.callSites = found.callSites;
      facts.credentialSites = found.credentialSites;
      if (mod.importSources.some((s) => ACTIONS_TOOLKIT.test(s))) facts.role = 'ci-cd';
      // Apps Script runs on Google's servers (a connector, a web app, a trigger): a deployed app.
      else if (APPS_SCRIPT.test(file.path) || APPS_SCRIPT_SERVICES.test(text)) facts.role = 'application';
      else if (importsScheduler(mod.importSources) || SCHEDULER_TEXT.test(text)) facts.role = 'orchestrator';
      else if (facts.callSites.length > 0 && isDesktopExtension(mod, ctx)) {
        for (const c of facts.callSites) c.workflow = 'unknown';
      }
      return facts;
    } catch (e) {
      // Deep but parseable input can still exhaust the stack somewhere; never let it escape.
      caughtExpected(e, isBudgetExceeded);
      return withTextScan(facts, text);
    }
  },
};

function withTextScan(facts: FileFacts, text: string): FileFacts {
  facts.callSites = scanText(text);
  return facts;
}
