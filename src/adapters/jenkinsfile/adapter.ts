import { joinRelative } from '../shared/ci-yaml/script-location.js';
import { identifierDescription } from '../../credentials/descriptions.js';
import { isBudgetExceeded, isParseError } from '../../errors.js';
import type { AdapterContext, LanguageAdapter } from '../adapter.js';
import { caughtExpected, pastDeadline } from '../extraction-limits.js';
import { emptyFacts, type FileFacts, type RawCallSite, type RawCredential, type Span } from '../../model/raw-facts.js';
import { accountIdsInPath, isDbtCloudId, recognizeDbtCloudUrl } from '../../classify/endpoint.js';
import { scriptPathsRun } from '../shell/script.js';
import { bindingText, literalBinding, type EnvBinding } from '../shared/values/binding.js';
import { render, withoutStart, type Part } from '../shared/values/parts.js';
import { mergeFacts } from '../shared/embedded-shell/shell-facts.js';
import { isDbtTokenName, looksLikeCredentialName, slotTypeOfInput } from '../../credentials/names.js';
import { isCompleteToken, mentionsDatabricks } from '../../credentials/token-shapes.js';
import { addCiVariableFacts } from '../shared/env-entries/dbt-env.js';
import { shellFactsAt } from '../shared/embedded-shell/embedded-shell.js';
import { GroovyLexer, TokenStream, isIdent, isPunct, type GroovyToken, type StringToken } from './groovy-lexer.js';
import { groovyStringParts, groovyStringValue, isGString, soleInterpolation } from './groovy-strings.js';
import { LineIndex } from '../../facts/location.js';
import { resolveRunPaths } from '../shared/ci-yaml/run-paths.js';
import { handToRunScripts, handToTasks } from '../shared/ci-yaml/wrapped-scripts.js';
import { folderOf } from '../repo-path.js';
import { stripAuthScheme } from '../../credentials/auth-schemes.js';

// Jenkins pipelines, declarative and scripted, read with a linear token scan (no Groovy
// grammar): `sh` / `bat` steps go to the shell extractor with the variables in scope
// (`environment { X = credentials('id') }`, `withCredentials([...]) { }`, `withEnv([...])`,
// `def x = '...'`), and `httpRequest` steps are calls of their own.

type Env = Map<string, EnvBinding>;

/** An interpolation not known here, named after what it reads (`{expr}` when it reads no variable). */

/** A Vault plugin secret list's `path: '…'`, or one of its `[envVar: 'X', vaultKey: 'k']` entries (either order). */
const VAULT_ENTRY =
  /\bpath\s*:\s*['"]([\w./-]{1,200})['"]|\benvVar\s*:\s*['"]([\w-]{1,100})['"]\s*,\s*vaultKey\s*:\s*['"]([\w.-]{1,100})['"]|\bvaultKey\s*:\s*['"]([\w.-]{1,100})['"]\s*,\s*envVar\s*:\s*['"]([\w-]{1,100})['"]/g;
const unknownNamed = (name: string | undefined): Part => ({ kind: 'unknown', name: name ?? 'expr' });

/** What an interpolation reads in `scope`: a bound value, else an unknown value. */
function valueOf(scope: Env, name: string | undefined): Part[] {
  const b = name !== undefined ? scope.get(name) : undefined;
  return b && 'value' in b ? b.value : [unknownNamed(name)];
}

interface Frame {
  bindings: Env;
  /** The `{` of an `environment { }` block: its assignments bind in the enclosing frame. */
  environment: boolean;
}

/** Deeper blocks are counted but get no frame (keeps memory bounded on hostile input). */
const MAX_FRAMES = 2_000;
/** Tokens read for one step's arguments when they have no parentheses. */
const MAX_BARE_ARGS = 200;
const SHELL_STEPS = new Set(['sh', 'bat', 'powershell', 'pwsh']);
const CREDENTIAL_VARIABLE_KEYS = new Set([
  'variable',
  'usernameVariable',
  'passwordVariable',
  'keyFileVariable',
  'passphraseVariable',
  'tokenVariable',
]);

/** A named argument `key: 'string'` inside a call, with the bracket group it belongs to. */
interface NamedString {
  key: string;
  token: StringToken;
  group: number;
}

interface ParsedArgs {
  /** The first positional string argument, when the call starts with one. */
  first?: StringToken;
  named: NamedString[];
  /** Group id of the call's own arguments (depth 1). */
  topGroup: number;
}

class JenkinsScanner {
  private readonly s: TokenStream;
  private readonly lines: LineIndex;
  private readonly frames: Frame[] = [{ bindings: new Map(), environment: false }];
  private overflow = 0;
  private readonly globals: Env = new Map();
  private pending: { bindings?: Env; environment?: boolean } = {};
  private groupCounter = 0;
  private prev: GroovyToken | undefined;
  readonly facts = emptyFacts();
  /** Scripts the pipeline's shell steps run, each with the environment the step gives it. */
  private readonly runs: { path: string; env: Env; command?: string }[] = [];

  constructor(
    private readonly text: string,
    private readonly databricks: boolean,
  ) {
    this.s = new TokenStream(new GroovyLexer(text));
    this.lines = new LineIndex(text);
  }

  get scriptsRun(): readonly { path: string; env: Env; command?: string }[] {
    return this.runs;
  }

  async run(): Promise<void> {
    for (let t = this.s.next(); t; t = this.s.next()) {
      // Past the file's time budget, the rest is not read (the core reports the file as cut).
      if (pastDeadline()) break;
      const pending = this.pending;
      this.pending = {};
      await this.token(t, pending);
      this.prev = t;
    }
  }

  private async token(t: GroovyToken, pending: { bindings?: Env; environment?: boolean }): Promise<void> {
    if (t.kind === 'punct') {
      if (t.text === '{') this.open(pending);
      else if (t.text === '}') this.close();
      return;
    }
    if (t.kind !== 'ident' || isPunct(this.prev, '.')) return;
    const top = this.frames[this.frames.length - 1]!;
    if (top.environment && this.overflow === 0 && isPunct(this.s.peek(), '=') && !isPunct(this.s.peek(1), '=')) {
      this.s.next();
      this.environmentAssignment(t.text);
      return;
    }
    switch (t.text) {
      case 'environment':
        if (isPunct(this.s.peek(), '{')) this.pending = { environment: true };
        return;
      case 'withCredentials':
        if (isPunct(this.s.peek(), '(')) this.pending = { bindings: this.withCredentials() };
        return;
      case 'withEnv':
        if (isPunct(this.s.peek(), '(')) this.pending = { bindings: this.withEnv() };
        return;
      case 'withVault':
        if (isPunct(this.s.peek(), '(')) this.pending = { bindings: this.withVault() };
        return;
      case 'httpRequest':
        this.httpRequest(t.start);
        return;
      case 'axis':
        if (isPunct(this.s.peek(), '{')) this.matrixAxis();
        return;
      case 'def':
      case 'String':
      case 'final':
      case 'var':
        this.declaration();
        return;
      case 'env':
        if (isPunct(this.s.peek(), '.') && isIdent(this.s.peek(1)) && isPunct(this.s.peek(2), '=') && this.s.peek(3)?.kind === 'string') {
          this.s.next();
          const name = (this.s.next() as { text: string }).text;
          this.s.next();
          const value = this.valueBinding(this.s.next() as StringToken);
          if (value) this.globals.set(name, value);
        }
        return;
      default:
        if (SHELL_STEPS.has(t.text)) await this.shellStep(t.text);
    }
  }

  /**
   * A declarative matrix's `axis { name 'DBT_ACCOUNT_ID'; values '51020', '70402' }`: the matrix's
   * stages run once per value. dbt Cloud ids are one per run (an account id each, for the checks
   * across accounts); an axis of one value is that value. Bound in the `matrix { }` around it.
   */
  private matrixAxis(): void {
    let name: string | undefined;
    const values: string[] = [];
    for (let k = 1, field = ''; k < 200; k++) {
      const tok = this.s.peek(k);
      if (!tok || isPunct(tok, '}') || isPunct(tok, '{')) break;
      if (tok.kind === 'ident' && (tok.text === 'name' || tok.text === 'values')) field = tok.text;
      else if (tok.kind === 'string') {
        const value = groovyStringValue(this.text, tok);
        if (field === 'name') name = value;
        else if (field === 'values') values.push(value.trim());
      }
    }
    // The `matrix { }` frame: `axis` sits in `axes { }`, which sits in it.
    const matrix = this.frames[this.frames.length - 2];
    if (!name || !/^[A-Za-z_]\w{0,100}$/.test(name) || values.length === 0 || !matrix) return;
    if (values.length === 1) matrix.bindings.set(name, literalBinding(values[0]!));
    else if (values.every(isDbtCloudId)) matrix.bindings.set(name, { value: [{ kind: 'unknown', name }], runs: [...new Set(values)] });
  }

  private open(pending: { bindings?: Env; environment?: boolean }): void {
    if (this.frames.length >= MAX_FRAMES) {
      this.overflow++;
      return;
    }
    this.frames.push({ bindings: pending.bindings ?? new Map(), environment: pending.environment === true });
  }

  private close(): void {
    if (this.overflow > 0) this.overflow--;
    else if (this.frames.length > 1) this.frames.pop();
  }

  private spanOf(offset: number): Span {
    return this.lines.at(offset);
  }

  /** Everything in scope here: `def` values, then enclosing blocks outside-in. */
  private scope(): Env {
    const env: Env = new Map(this.globals);
    for (const f of this.frames) for (const [k, v] of f.bindings) env.set(k, v);
    return env;
  }

  /** `NAME = credentials('id')` / `NAME = 'literal'` / `NAME = "${env.OTHER}"` in `environment { }`. */
  private environmentAssignment(name: string): void {
    const target = this.frames[this.frames.length - 2] ?? this.frames[0]!;
    const v = this.s.peek();
    if (isIdent(v, 'credentials') && isPunct(this.s.peek(1), '(') && this.s.peek(2)?.kind === 'string' && isPunct(this.s.peek(3), ')')) {
      this.s.next();
      this.s.next();
      const idTok = this.s.next() as StringToken;
      this.s.next();
      const id = groovyStringValue(this.text, idTok);
      const binding = this.credentialBinding(id, idTok, name);
      // A username/password credential also sets NAME_USR and NAME_PSW.
      for (const n of [name, `${name}_USR`, `${name}_PSW`]) target.bindings.set(n, binding);
      return;
    }
    if (v?.kind === 'string') {
      this.s.next();
      const binding = this.valueBinding(v);
      addCiVariableFacts(this.facts, name, binding, this.databricks);
      // A token written out (`DBT_CLOUD_API_KEY = 'bf24…'`) is what the steps' scripts read from that name.
      const written = binding && 'value' in binding ? binding : undefined;
      const text = written ? bindingText(written).trim() : undefined;
      const token: EnvBinding | undefined =
        written && text !== undefined && isCompleteToken(text, isDbtTokenName(name, 'ci-variable'))
          ? { credential: { source: 'literal', name, value: text, ...(written.span ? { span: written.span } : {}) } }
          : undefined;
      if (token ?? binding) target.bindings.set(name, (token ?? binding)!);
      else target.bindings.delete(name);
      return;
    }
    if (isIdent(v, 'params') && isPunct(this.s.peek(1), '.') && isIdent(this.s.peek(2))) {
      this.s.next();
      this.s.next();
      const p = this.s.next() as { text: string; start: number };
      if (looksLikeCredentialName(p.text))
        target.bindings.set(name, { credential: { source: 'variable', name: p.text, span: this.spanOf(p.start) } });
    }
  }

  /** A Jenkins credential bound to `variable`, whose name may say the type the id does not (`DBT_CLOUD_SERVICE_TOKEN = credentials('dbt-cloud')`). */
  private credentialBinding(id: string, tok: StringToken, variable?: string): EnvBinding {
    const credential: RawCredential = {
      source: 'secret',
      name: id,
      ref: { kind: 'jenkins-credential', id },
      span: this.spanOf(tok.contentStart),
    };
    const slotType = variable === undefined ? undefined : slotTypeOfInput(variable);
    if (slotType) credential.slotType = slotType;
    return { credential };
  }

  /** What a string assigned to a variable binds it to. */
  private valueBinding(tok: StringToken): EnvBinding | undefined {
    const span = this.spanOf(tok.contentStart);
    const sole = soleInterpolation(this.text, tok);
    if (sole !== undefined) {
      const bound = this.scope().get(sole);
      if (bound) return bound;
      return looksLikeCredentialName(sole) ? { credential: { source: 'env', name: sole, span } } : undefined;
    }
    const scope = isGString(tok) ? this.scope() : undefined;
    let credential: EnvBinding | undefined;
    const value = groovyStringParts(this.text, tok, (name) => {
      const b = name !== undefined ? scope?.get(name) : undefined;
      if (b && 'value' in b) return b.value;
      if (b) credential ??= b;
      return [unknownNamed(name)];
    });
    return credential ?? { value, span };
  }

  /** `def NAME = '...'` (also `String` / `final` / `var`, with an optional type). */
  private declaration(): void {
    let k = 0;
    while (k < 3 && isIdent(this.s.peek(k)) && isIdent(this.s.peek(k + 1))) k++;
    const name = this.s.peek(k);
    const v = this.s.peek(k + 2);
    if (!isIdent(name) || !isPunct(this.s.peek(k + 1), '=') || v?.kind !== 'string') return;
    for (let i = 0; i < k + 3; i++) this.s.next();
    const binding = this.valueBinding(v);
    if (binding) this.globals.set(name.text, binding);
  }

  /**
   * A call's arguments: `(...)` when it has parentheses, else the rest of the statement.
   * Named string arguments are collected with the bracket group they sit in.
   */
  private callArgs(): ParsedArgs {
    const topGroup = ++this.groupCounter;
    const out: ParsedArgs = { named: [], topGroup };
    const groups = [topGroup];
    const paren = isPunct(this.s.peek(), '(');
    if (paren) this.s.next();
    let depth = paren ? 1 : 0;
    let count = 0;
    let last: GroovyToken | undefined;
    for (;;) {
      const t = this.s.peek();
      if (!t) break;
      if (!paren) {
        // A bare call ends at a line break that does not follow `,` / `:` / an open bracket, or at a block.
        if (count >= MAX_BARE_ARGS) break;
        if (depth === 0 && (isPunct(t, '{') || isPunct(t, '}'))) break;
        if (depth === 0 && t.newline && last && !isPunct(last, ',') && !isPunct(last, ':')) break;
      }
      this.s.next();
      count++;
      if (count === 1 && t.kind === 'string') out.first = t;
      if (isPunct(t, '(') || isPunct(t, '[') || isPunct(t, '{')) {
        depth++;
        groups.push(++this.groupCounter);
      } else if (isPunct(t, ')') || isPunct(t, ']') || isPunct(t, '}')) {
        depth--;
        groups.pop();
        if (paren && depth === 0) break;
        if (depth < 0) break;
      } else if (t.kind === 'ident' && isPunct(this.s.peek(), ':') && this.s.peek(1)?.kind === 'ident') {
        // `credentialsId: credId`, with `def credId = cfg.credentialsId ?: 'dbt-cloud-service-token'` above: that literal.
        const defined = this.definedString((this.s.peek(1) as { text: string }).text);
        if (defined) {
          this.s.next();
          this.s.next();
          count += 2;
          out.named.push({ key: t.text, token: defined, group: groups[groups.length - 1]! });
          last = t;
          continue;
        }
      } else if (t.kind === 'ident' && isPunct(this.s.peek(), ':') && this.s.peek(1)?.kind === 'string') {
        this.s.next();
        const str = this.s.next() as StringToken;
        count += 2;
        out.named.push({ key: t.text, token: str, group: groups[groups.length - 1]! });
        last = str;
        continue;
      }
      last = t;
    }
    return out;
  }

  /**
   * The string literal a Groovy variable is defined with (`def credId = 'x'`, `String credId = "x"`),
   * or its fallback (`def credId = cfg.credentialsId ?: 'x'`): the first such definition in the file.
   */
  private definedString(name: string): StringToken | undefined {
    if (!/^[A-Za-z_]\w{0,80}$/.test(name)) return undefined;
    const re = new RegExp(`\\b(?:def|String|final)\\s+(?:String\\s+)?${name}\\s*=\\s*(?:[^\\n'"]*\\?:\\s*)?(['"])([^'"\\n$]{1,200})\\1`);
    const m = re.exec(this.text.slice(0, 500_000));
    if (!m) return undefined;
    const start = m.index + m[0].length - m[2]!.length - 2;
    return {
      kind: 'string',
      quote: m[1] as StringToken['quote'],
      start,
      contentStart: start + 1,
      contentEnd: start + 1 + m[2]!.length,
      newline: false,
    };
  }

  /** `withCredentials([string(credentialsId: 'x', variable: 'V'), usernamePassword(...)])`. */
  private withCredentials(): Env {
    const args = this.callArgs();
    const env: Env = new Map();
    const groups = new Map<number, NamedString[]>();
    for (const n of args.named) groups.set(n.group, [...(groups.get(n.group) ?? []), n]);
    for (const list of groups.values()) {
      const idArg = list.find((n) => n.key === 'credentialsId');
      if (!idArg) continue;
      for (const n of list) {
        if (!CREDENTIAL_VARIABLE_KEYS.has(n.key)) continue;
        const variable = groovyStringValue(this.text, n.token);
        env.set(variable, this.credentialBinding(groovyStringValue(this.text, idArg.token), idArg.token, variable));
      }
    }
    return env;
  }

  /**
   * The HashiCorp Vault plugin's `withVault([vaultSecrets: secrets])`: each `[envVar: 'X', vaultKey:
   * 'service_token']` of the file's secret lists (written inline or in a `def` above) puts that key
   * of its `path:` in the block's environment, a secret named by both (`secret/dbt-cloud/service_token`).
   */
  private withVault(): Env {
    this.callArgs();
    const env: Env = new Map();
    let path = '';
    for (const m of this.text.slice(0, 200_000).matchAll(VAULT_ENTRY)) {
      if (m[1] !== undefined) {
        path = m[1];
        continue;
      }
      const [variable, key] = m[2] !== undefined ? [m[2], m[3]!] : [m[5]!, m[4]!];
      if (!/^[A-Za-z_]\w{0,100}$/.test(variable) || env.has(variable)) continue;
      const name = path ? `${path}/${key}` : key;
      const span = this.spanOf(m.index);
      const credential: RawCredential = { source: 'secret', name, span };
      const description = identifierDescription([key, ...path.split('/').reverse()], span.line);
      if (description) credential.description = description;
      env.set(variable, { credential });
    }
    return env;
  }

  /** `withEnv(['X=literal', "Y=${env.Z}"])`. */
  private withEnv(): Env {
    const env: Env = new Map();
    this.s.next(); // (
    let depth = 1;
    for (let t = this.s.next(); t && depth > 0; t = depth > 0 ? this.s.next() : undefined) {
      if (isPunct(t, '(') || isPunct(t, '[')) depth++;
      else if (isPunct(t, ')') || isPunct(t, ']')) depth--;
      else if (t.kind === 'string') {
        const raw = groovyStringValue(this.text, t);
        const eq = raw.indexOf('=');
        if (eq <= 0) continue;
        const name = raw.slice(0, eq).trim();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        const scope = this.scope();
        const rest = raw.slice(eq + 1);
        const sole = /^\$\{?(?:env\.)?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(rest.trim());
        const span = this.spanOf(t.contentStart + eq + 1);
        let binding: EnvBinding | undefined;
        if (sole && isGString(t))
          binding =
            scope.get(sole[1]!) ??
            (looksLikeCredentialName(sole[1]!) ? { credential: { source: 'env', name: sole[1]!, span } } : undefined);
        else {
          // Text before `=` is a plain name (checked above), so it is the start of the first part.
          binding = isGString(t)
            ? {
                value: withoutStart(
                  groovyStringParts(this.text, t, (n) => valueOf(scope, n)),
                  eq + 1,
                ),
                span,
              }
            : literalBinding(rest, span);
        }
        if (binding) env.set(name, binding);
        addCiVariableFacts(this.facts, name, binding, this.databricks);
      }
    }
    return env;
  }

  /** `sh '...'`, `sh """..."""`, `sh(script: '...', returnStdout: true)`, `bat '...'`. */
  private async shellStep(step: string): Promise<void> {
    const next = this.s.peek();
    let tok: StringToken | undefined;
    if (next?.kind === 'string') tok = this.s.next() as StringToken;
    else if (isPunct(next, '(') || (isIdent(next) && isPunct(this.s.peek(1), ':'))) {
      const args = this.callArgs();
      tok = args.first ?? args.named.find((n) => n.key === 'script' && n.group === args.topGroup)?.token;
    }
    if (!tok) return;
    const env = this.scope();
    // Groovy interpolates GStrings before the shell runs, also inside shell single quotes. The
    // shell extractor treats `${{ env.X }}` the same way (a CI-runner substitution resolved
    // through the bindings), so that is what `${env.X}` / `${X}` / `$X` become.
    let script = groovyStringValue(
      this.text,
      tok,
      isGString(tok) ? (name) => (name !== undefined ? `\${{ env.${name} }}` : '${{ groovy }}') : undefined,
    );
    if (step === 'bat') script = batchAsShell(script);
    const at = this.spanOf(tok.contentStart);
    if (step === 'powershell' || step === 'pwsh') {
      // Read as PowerShell (`Invoke-RestMethod … "Token $env:DBT_CLOUD_TOKEN"`); `$env:X` is what the step's environment binds.
      const { powershellBodyFacts } = await import('../shared/embedded-shell/powershell-body.js');
      const placed = {
        text: script,
        isEmpty: script.trim() === '',
        toFile: (line: number, column: number) =>
          line === 1 ? { line: at.line, column: at.column + column - 1 } : { line: at.line + line - 1, column },
      };
      const bound = (c: RawCredential): RawCredential => {
        const b = c.name !== undefined ? env.get(c.name) : undefined;
        return b && 'credential' in b ? { ...b.credential } : c;
      };
      mergeFacts(this.facts, await powershellBodyFacts(placed, bound));
      return;
    }
    mergeFacts(this.facts, await shellFactsAt(script, { line: at.line, column: at.column, indent: 0 }, env));
    if (step === 'sh') {
      for (const p of scriptPathsRun(script, false, true)) this.runs.push({ path: p, env });
      this.runs.push({ path: '', env, command: script });
    }
  }

  /** `httpRequest url: "...", httpMode: 'POST', customHeaders: [[name: 'Authorization', value: "Token ${T}"]]`. */
  private httpRequest(start: number): void {
    const args = this.callArgs();
    const top = args.named.filter((n) => n.group === args.topGroup);
    const urlArg = top.find((n) => n.key === 'url') ?? (args.first ? { token: args.first } : undefined);
    if (!urlArg) return;
    const scope = this.scope();
    const url = render(groovyStringParts(this.text, urlArg.token, (name) => valueOf(scope, name)));
    const endpoint = recognizeDbtCloudUrl(url.trim());
    if (!endpoint) return;
    const method = top.find((n) => n.key === 'httpMode');
    if (method) endpoint.method = groovyStringValue(this.text, method.token).toUpperCase();
    const site: RawCallSite = { kind: 'http', span: this.spanOf(start), endpoint, client: 'httpRequest' };
    const ids = accountIdsInPath(endpoint.path);
    if (ids.length > 0) site.accountIds = ids;
    const credential = this.authorizationCredential(args, scope);
    if (credential) site.credential = credential;
    this.facts.callSites.push(site);
  }

  private authorizationCredential(args: ParsedArgs, scope: Env): RawCredential | undefined {
    for (const n of args.named) {
      if (n.key !== 'name' || !/^authorization$/i.test(groovyStringValue(this.text, n.token).trim())) continue;
      const valueArg = args.named.find((v) => v.group === n.group && v.key === 'value');
      if (!valueArg) continue;
      const tok = valueArg.token;
      const span = this.spanOf(tok.contentStart);
      const raw = groovyStringValue(this.text, tok, (name) => (name !== undefined ? `\${${name}}` : '${_}'));
      const token = stripAuthScheme(raw.trim(), 'dbt');
      const ref = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(token);
      if (!ref) return token.includes('$') ? { source: 'unknown', span } : { source: 'literal', value: token, span };
      const b = isGString(tok) ? scope.get(ref[1]!) : undefined;
      if (b && 'credential' in b) return { ...b.credential };
      if (b) return { source: 'literal', name: ref[1], value: bindingText(b), span: b.span ?? span };
      return isGString(tok) ? { source: 'env', name: ref[1], span } : { source: 'literal', value: token, span };
    }
    const auth = args.named.find((n) => n.key === 'authentication' && n.group === args.topGroup);
    if (auth) {
      const id = groovyStringValue(this.text, auth.token);
      return { source: 'secret', name: id, ref: { kind: 'jenkins-credential', id }, span: this.spanOf(auth.token.contentStart) };
    }
    return undefined;
  }
}

/** A Windows batch body read as shell: `%X%` is `${X}`, a trailing `^` continues the line. */
function batchAsShell(script: string): string {
  return script.replace(/%([A-Za-z_][A-Za-z0-9_]{0,127})%/g, '${$1}').replace(/\^(\r?)$/gm, '\\$1');
}

/** `load 'ci/x.groovy'`, `load("${env.WORKSPACE}/ci/x.groovy")`: Groovy files a pipeline loads, from the workspace. */
const LOAD_STEP = /\bload\s*\(?\s*(['"])((?:\$\{?(?:env\.)?WORKSPACE\}?\/)?[\w./-]{1,300}?\.groovy)\1/g;

function loadedScripts(text: string): string[] {
  return [...text.slice(0, 200_000).matchAll(LOAD_STEP)].map((m) =>
    m[2]!.replace(/^\$\{?(?:env\.)?WORKSPACE\}?\//, '').replace(/^\.\//, ''),
  );
}

/** Whether the file is a pipeline (a Jenkinsfile, a shared-library step, or pipeline syntax). */
function isPipeline(path: string, text: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^jenkinsfile/i.test(base) || /\.jenkinsfile$/i.test(base)) return true;
  if (/(^|\/)vars\/[^/]+\.groovy$/.test(path)) return true;
  return /\bpipeline\s*\{|\bnode\s*(\(|\{)|\bstage\s*\(\s*['"]|\bsteps\s*\{/.test(text.slice(0, 200_000));
}

export const adapter: LanguageAdapter = {
  id: 'jenkinsfile',
  async extract(file, ctx: AdapterContext): Promise<FileFacts> {
    const scanner = new JenkinsScanner(file.text, mentionsDatabricks(file.text));
    try {
      await scanner.run();
    } catch (err) {
      if (caughtExpected(err, isBudgetExceeded, isParseError))
        scanner.facts.problems.push(
          err instanceof RangeError ? 'Jenkinsfile too deeply nested to read fully' : 'Jenkinsfile could not be read fully',
        );
    }
    const facts = scanner.facts;
    if (isPipeline(file.path, file.text)) {
      facts.role = 'ci-cd';
      const root = folderOf(file.path);
      // A credential the step's environment holds (`environment { T = credentials('id') }`,
      // `withCredentials`) is what the script reads from that name.
      for (const run of scanner.scriptsRun) {
        if (run.path !== '') handToRunScripts(facts, resolveRunPaths([run.path], file.path, root, ctx), run.env, root, ctx);
        if (run.command !== undefined) handToTasks(facts, run.command, run.env, root, ctx);
      }
      // `def dbt = load 'ci/dbt_cloud.groovy'`: that file's steps run in this pipeline.
      for (const loaded of loadedScripts(file.text)) {
        const path = joinRelative(root, loaded);
        if (path !== undefined && ctx.fileExists(path) && !facts.runsScripts.includes(path)) facts.runsScripts.push(path);
      }
    }
    return facts;
  },
};
