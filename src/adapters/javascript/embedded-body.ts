import type { AdapterContext } from '../adapter.js';
import { emptyFacts, type FileFacts, type RawCredential, type Span } from '../../model/raw-facts.js';
import type { EmbeddedScript } from '../shared/embedded-shell/embedded-script.js';

// A JavaScript body a CI step runs inline (`actions/github-script`'s `script:`), read by the
// JavaScript reader as a module of its own: its requests, at their lines in the CI file, with
// the credentials the step binds (`process.env.DBT_TOKEN` from the step's `env:`).

/** Words without which the body can hold no dbt Cloud call. */
const MAY_CALL = /dbt|\/api\/(?:v[234]|ai)\/|graphql/i;

export async function javascriptBodyFacts(
  script: EmbeddedScript,
  ctx: AdapterContext,
  credentialOf: (named: RawCredential) => RawCredential,
): Promise<FileFacts> {
  const facts = emptyFacts();
  if (script.isEmpty || !MAY_CALL.test(script.text)) return facts;
  const [{ fitsParser, loadParser, parseSource }, { indexModule }, { ModuleLoader }, { Resolver }, { CallSiteFinder }] = await Promise.all([
    import('./parse.js'),
    import('./module-index.js'),
    import('./imports.js'),
    import('./resolve-value.js'),
    import('./call-sites.js'),
  ]);
  if (!fitsParser(script.text)) return facts;
  await loadParser();
  // github-script runs the body inside an async function: top-level `await` and `return` parse.
  const parsed = parseSource('step.js', script.text);
  if (!parsed.ok) return facts;
  const mod = indexModule('', script.text, parsed.program);
  const loader = new ModuleLoader(ctx, undefined);
  loader.register(mod);
  const found = new CallSiteFinder(new Resolver(loader), mod).find();
  const place = (span: Span): Span => script.toFile(span.line, span.column);
  const bound = (c: RawCredential): RawCredential => credentialOf({ ...c, ...(c.span ? { span: place(c.span) } : {}) });
  for (const c of found.callSites)
    facts.callSites.push({ ...c, span: place(c.span), ...(c.credential ? { credential: bound(c.credential) } : {}) });
  for (const c of found.credentialSites) facts.credentialSites.push({ ...c, span: place(c.span), credential: bound(c.credential) });
  return facts;
}
