import type { Description, Span } from '../../model/raw-facts.js';
import { textBinding, type EnvBinding } from '../shared/values/binding.js';
import { looksLikeCredentialName, riskOfName, typeFromName } from '../../credentials/names.js';
import { fileSpan } from '../shared/embedded-shell/shell-facts.js';
import { partCredential } from '../shared/values/credential.js';
import { credentialPart, literal, type Part } from '../shared/values/parts.js';

// GitHub Actions `${{ }}` expressions: what a value or a script fragment refers to.
// secrets.X -> the CI secret store; vars.X -> a configuration variable (not secret: source 'env');
// env.X -> the surrounding env; inputs.X -> an action/workflow input (its default when literal).

/** `${{ ... }}` with a bounded body (no nested quantifier over the same characters). */
export const GHA_EXPRESSION = /\$\{\{((?:[^}]|\}(?!\})){0,500})\}\}/g;

const REF =
  /\b(secrets|vars|env|inputs|github|matrix|steps|needs|job|jobs|runner|strategy)(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']{1,100})'\s*\])((?:\.[A-Za-z_][\w-]*){0,6})/g;

interface ExpressionRef {
  context: string;
  /** The first property: the secret, variable or input name. */
  name: string;
  /** The whole dotted path, for names of unknown sources: `steps.auth.outputs.token`. */
  path: string;
}

function expressionRefs(expr: string): ExpressionRef[] {
  const out: ExpressionRef[] = [];
  REF.lastIndex = 0;
  for (let m = REF.exec(expr); m && out.length < 20; m = REF.exec(expr)) {
    const name = m[2] ?? m[3] ?? '';
    out.push({ context: m[1]!, name, path: `${m[1]}.${name}${m[4] ?? ''}` });
  }
  return out;
}

/** The single reference an expression consists of (`secrets.X`, `env.X`), if that is all it is. */
function soleRef(expr: string): ExpressionRef | undefined {
  const refs = expressionRefs(expr);
  if (refs.length !== 1) return undefined;
  const rest = expr.replace(REF, '').trim();
  return rest === '' ? refs[0] : undefined;
}

export interface GhaScope {
  /** The env in effect where the expression is evaluated (for a block: the enclosing env). */
  env: ReadonlyMap<string, EnvBinding>;
  /** Literal defaults of action / reusable-workflow inputs. */
  inputDefaults: ReadonlyMap<string, { value: string; span: Span }>;
  /** Descriptions of action / reusable-workflow inputs, which may name the token type. */
  inputDescriptions?: ReadonlyMap<string, Description>;
  /** Descriptions of a reusable workflow's secrets (`on.workflow_call.secrets.<name>.description`), by lower-cased name. */
  secretDescriptions?: ReadonlyMap<string, Description>;
  /** What earlier steps of the job set as outputs (`steps.tok.outputs.token`): a `$GITHUB_OUTPUT` write, a secret-fetching action's. */
  stepOutputs?: ReadonlyMap<string, EnvBinding>;
  /** The job's matrix: each key's literal values, and the line of its first. */
  matrix?: ReadonlyMap<string, { values: readonly string[]; line: number }>;
}

/**
 * The secret names a matrix key may pick (`secrets[matrix.token_secret]` over `DBT_PROD_SERVICE_TOKEN`
 * and `DBT_STAGING_SERVICE_TOKEN`), as a description when their names all say the same type.
 */
function pickedNamesDescription(picked: string, scope: GhaScope): Description | undefined {
  const key = /^matrix\.([\w-]+)$/.exec(picked)?.[1];
  const entry = key === undefined ? undefined : scope.matrix?.get(key);
  if (!entry || entry.values.length === 0) return undefined;
  const types = new Set(entry.values.map((v) => typeFromName(v)));
  const [type] = types;
  return types.size === 1 && type !== undefined ? { text: entry.values[0]!, line: entry.line, isName: true } : undefined;
}

/** A secret name picked by a matrix key the runs give different values (`matrix.token_secret`, `DBT_{matrix.region}_PAT`). */
function pickedPerRun(picked: string, scope: GhaScope): true | undefined {
  for (const m of picked.matchAll(/matrix\.([\w-]+)/g)) if (new Set(scope.matrix?.get(m[1]!)?.values).size > 1) return true;
  return undefined;
}

/** How one expression resolves: a binding, or `undefined` for "not known here" (a `{NAME}` placeholder). */
export interface ResolvedExpression {
  binding?: EnvBinding;
  /** The name a shell variable standing for the expression should have. */
  varName: string;
  /** True when `binding` is the env variable `varName` itself (`${{ env.X }}`). */
  isEnvItself?: boolean;
}

const upper = (s: string): string =>
  s
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase() || 'EXPR';

/** The name `secrets[format('DBT_{0}_TOKEN', matrix.env)]` picks, its `{0}` shown as what fills it: `DBT_{matrix.env}_TOKEN`. */
function formattedSecretName(expr: string): string | undefined {
  const m = /\bsecrets\s*\[\s*format\(\s*'([^'\n]{1,200})'((?:\s*,\s*[A-Za-z_][\w.-]{0,100}){0,9})\s*\)\s*\]/.exec(expr);
  if (!m) return undefined;
  const args = m[2]!
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  return m[1]!.replace(/\{(\d)\}/g, (whole, i: string) => (args[Number(i)] !== undefined ? `{${args[Number(i)]}}` : whole));
}

/** Resolves one expression body (between `${{` and `}}`) written at `span`. */
export function resolveExpression(expr: string, span: Span, scope: GhaScope): ResolvedExpression {
  const refs = expressionRefs(expr);
  const sole = soleRef(expr);
  // A secret anywhere in the expression (`secrets.A || secrets.B`, a ternary) is the credential;
  // of several, the one the checks must see: a user key or PAT over a service token.
  // Which of several secrets an expression may give is reported: the one a check flags first.
  const secret = refs.filter((r) => r.context === 'secrets').sort((a, b) => riskOfName(a.name) - riskOfName(b.name))[0];
  // `secrets[matrix.token_secret]`: a secret, named by what picks it; `secrets[format('DBT_{0}_SERVICE_TOKEN', matrix.env)]`
  // by the name it is made from (`DBT_{matrix.env}_SERVICE_TOKEN`), which says its type.
  const picked = /\bsecrets\s*\[\s*([A-Za-z_][\w.-]{0,100})\s*\]/.exec(expr)?.[1] ?? formattedSecretName(expr);
  if (!secret && picked) {
    const description = pickedNamesDescription(picked, scope);
    const perRun = pickedPerRun(picked, scope);
    return {
      varName: upper(picked),
      binding: {
        credential: {
          source: 'secret',
          name: picked,
          span: fileSpan(span),
          ...(description ? { description } : {}),
          ...(perRun ? { perRun } : {}),
        },
      },
    };
  }
  if (secret && (sole || looksLikeCredentialName(secret.name))) {
    if (!looksLikeCredentialName(secret.name)) return { varName: secret.name };
    // A reusable workflow's own secret says what it takes: `dbt_token: { description: dbt Cloud personal access token }`.
    const description = scope.secretDescriptions?.get(secret.name.toLowerCase());
    return {
      varName: secret.name,
      binding: { credential: { source: 'secret', name: secret.name, span: fileSpan(span), ...(description ? { description } : {}) } },
    };
  }
  if (!sole) return { varName: 'GHA_EXPR' };
  const fromMatrix = sole.context === 'matrix' ? matrixValue(sole, span, scope) : undefined;
  if (fromMatrix) return fromMatrix;
  switch (sole.context) {
    case 'env': {
      const b = scope.env.get(sole.name);
      return b ? { varName: sole.name, binding: b, isEnvItself: true } : { varName: sole.name };
    }
    case 'vars':
      return looksLikeCredentialName(sole.name)
        ? { varName: sole.name, binding: { credential: { source: 'env', name: sole.name, span: fileSpan(span) } } }
        : { varName: sole.name };
    case 'inputs': {
      const d = scope.inputDefaults.get(sole.name);
      const varName = `INPUT_${upper(sole.name)}`;
      // A default is read like any value, with no inputs of its own; one not known here is an
      // unknown value named after the input.
      if (d)
        return {
          varName,
          binding: bindingForGhaString(d.value, d.span, { ...scope, inputDefaults: new Map() }) ?? {
            value: [{ kind: 'unknown', name: varName }],
            span: fileSpan(d.span),
          },
        };
      const description = scope.inputDescriptions?.get(sole.name);
      return looksLikeCredentialName(sole.name)
        ? {
            varName,
            binding: { credential: { source: 'unknown', name: sole.path, span: fileSpan(span), ...(description ? { description } : {}) } },
          }
        : { varName };
    }
    case 'github':
      return { varName: `GITHUB_${upper(sole.path.slice('github.'.length))}` };
    case 'steps': {
      const output = scope.stepOutputs?.get(sole.path);
      if (output) return { varName: upper(sole.path), binding: output };
      const varName = upper(sole.path);
      return looksLikeCredentialName(sole.path)
        ? { varName, binding: { credential: { source: 'unknown', name: sole.path, span: fileSpan(span) } } }
        : { varName };
    }
    default: {
      const varName = upper(sole.path);
      return looksLikeCredentialName(sole.path)
        ? { varName, binding: { credential: { source: 'unknown', name: sole.path, span: fileSpan(span) } } }
        : { varName };
    }
  }
}

/**
 * `${{ matrix.account_id }}` over the job's literal values: one value is pasted as GitHub does;
 * several are one per run of the job (an account id each, for the checks across accounts).
 */
function matrixValue(ref: ExpressionRef, span: Span, scope: GhaScope): ResolvedExpression | undefined {
  const entry = ref.path === `matrix.${ref.name}` ? scope.matrix?.get(ref.name) : undefined;
  if (!entry || looksLikeCredentialName(ref.path)) return undefined;
  const varName = upper(ref.path);
  const values = [...new Set(entry.values)];
  const at = fileSpan(span);
  if (values.length === 1) return { varName, binding: { value: [literal(values[0]!)], span: at } };
  return { varName, binding: { value: [{ kind: 'unknown', name: varName }], span: at, runs: values } };
}

/**
 * The binding an `env:` value (or an action input) gives its variable. `undefined` means the
 * variable is set from something not known here: leave it unbound so it shows as `{NAME}`.
 */
export function bindingForGhaString(s: string, span: Span, scope: GhaScope): EnvBinding | undefined {
  if (!s.includes('${{')) return textBinding(s, fileSpan(span));
  GHA_EXPRESSION.lastIndex = 0;
  const whole = /^\s*\$\{\{((?:[^}]|\}(?!\})){0,500})\}\}\s*$/.exec(s);
  if (whole) return resolveExpression(whole[1]!, span, scope).binding;
  // Mixed text: `Token ${{ secrets.X }}` is still that secret; `https://${{ vars.HOST }}/api`
  // becomes a value with `{HOST}` placeholders.
  const parts = ghaParts(s, span, scope);
  const credential = parts.find((p) => p.kind === 'reference');
  if (credential) return { credential: partCredential(credential, credential.span) };
  if (parts.some((p) => p.kind === 'unknown' && p.name!.length > 100)) return undefined;
  return { value: parts, span: fileSpan(span) };
}

/**
 * A string with `${{ }}` expressions as parts: the text around them, and what each means: a
 * credential's reference, a known value, or an unknown named as a shell variable would be.
 */
function ghaParts(s: string, span: Span, scope: GhaScope): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of s.matchAll(GHA_EXPRESSION)) {
    if (m.index > last) out.push(literal(s.slice(last, m.index)));
    last = m.index + m[0].length;
    const r = resolveExpression(m[1]!, span, scope);
    if (r.binding && 'credential' in r.binding) out.push(credentialPart(r.binding.credential));
    else if (r.binding) out.push(...r.binding.value);
    else out.push({ kind: 'unknown', name: r.varName });
  }
  if (last < s.length) out.push(literal(s.slice(last)));
  return out;
}
