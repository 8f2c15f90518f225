// The names a line defines, for the audit's `feeds-fact` reason: a line that sets a URL, header
// or token variable whose name a fact's line uses. The check is textual on purpose (no scopes,
// no types): a name counts as used when it appears as a whole word on a line covered by a fact,
// in the same file. Two unrelated variables with one name in one file can therefore link; the
// audit accepts that, since both lines are then about the same request code.

/** `x = …`, `export X=…`, `const val X = …`, and a typed declaration (Java's `static final String BASE = …`, C#'s `const string Base = …`). */
const ASSIGNMENT =
  /^\s*(?:-\s+)?(?:(?:export|local|readonly|declare(?:\s+-\w+)*|const|let|var|def|final|val|static|private|public|protected|ENV|ARG|set|\$env:|typeset)\s+)*(?:[A-Za-z_][\w.]*(?:<[^=;]*>)?(?:\[\])?\s+(?=[A-Za-z_]\w*\s*=(?!=)))?\$?([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*(?::\s*[\w.[\]<>, |?]+)?\s*(?:=|:=|\?=|\+=)(?!=)/;
const KEY = /^\s*(?:-\s+)?(["']?)([A-Za-z_][\w.-]*)\1\s*:(?![:/])/;
const K8S_ENV_NAME = /^\s*-?\s*name:\s*["']?([A-Za-z_][\w]*)["']?\s*$/;
/** An HTTP client file's variable (`@token = {{$dotenv DBT_TOKEN}}`, src/adapters/http-file). */
const HTTP_FILE_VARIABLE = /^\s*@([A-Za-z_][\w.-]*)\s*=/;
const FUNCTION = /\b(?:def|function|func|fun|sub)\s+([A-Za-z_$][\w$]*)\s*\(([^)]*)\)?/;
const METHOD_OR_ARROW =
  /(?:\bconstructor|^\s*(?:async\s+)?([A-Za-z_$][\w$]*))\s*\(([^)]*)\)?\s*(?::[^={]*)?\s*\{?\s*$|\(([^()]*)\)\s*(?::[^=]*)?=>/;
const PY_IMPORT = /^\s*from\s+\S+\s+import\s+\(?([^)#]*)/;
const JS_IMPORT = /^\s*import\s+(?:type\s+)?(?:([A-Za-z_$][\w$]*)\s*,?\s*)?(?:\{([^}]*)\}?|\*\s+as\s+([A-Za-z_$][\w$]*))?\s*(?:from\b|$)/;
const DESTRUCTURE = /^\s*(?:const|let|var)\s*\{([^}]*)\}/;
const DOCKER_ENV_PAIRS = /(?:^|\s)([A-Za-z_][\w]*)=/g;
const TF_BLOCK = /^\s*(?:variable|output|locals|module)\s+"([\w-]+)"/;
const CREDENTIAL_VARIABLE = /\b\w*[vV]ariable\s*:\s*['"]([A-Za-z_][\w]*)['"]/g;
const WITH_AS = /\bas\s+([A-Za-z_][\w]*)\s*[:,)]?\s*$/;
const PARAM_NAME = /^\s*(?:\.\.\.|\*{1,2})?\s*(?:(?:private|public|protected|readonly)\s+)*([A-Za-z_$][\w$]*)/;

/** Splits `a, b as c, d: int = 1` into the names it binds. */
function paramNames(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let part = '';
  const flush = (): void => {
    const p = part.trim();
    const m = /\bas\s+([A-Za-z_$][\w$]*)\s*$/.exec(p) ?? PARAM_NAME.exec(p);
    if (m?.[1]) out.push(m[1]);
    part = '';
  };
  for (const c of list) {
    if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || c === '>') depth--;
    if (c === ',' && depth === 0) flush();
    else part += c;
  }
  flush();
  return out;
}

/** The names one line defines: assignment targets, keys, parameters, imports, env entries. */
/** A call that changes an object in place: `x.update(…)`, `x.headers.update(…)`, `x.headers.set(…)`. */
const MUTATION = /^\s*([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*){0,4}?)(?:\.headers)?\.(?:update|setdefault|set)\s*\(/;

export function definedNames(line: string): string[] {
  const out = new Set<string>();
  const add = (name: string | undefined): void => {
    if (!name) return;
    const clean = name.replace(/\[.*$/, '');
    // `self.base` and `this.token` are used as `self.base`: the last part is the name.
    const last = clean.split('.').pop();
    if (last && last.length >= 2) out.add(last);
  };
  const assign = ASSIGNMENT.exec(line);
  if (assign) {
    add(assign[1]);
    // An entry set on an object (`session.headers["Authorization"] = …`) changes that object.
    // So does a client's defaults (`axios.defaults.baseURL = …`).
    const root = (/^([A-Za-z_$][\w$]*)\.[\w.]*\[/.exec(assign[1]!) ?? /^([A-Za-z_$][\w$]*)\.defaults\./.exec(assign[1]!))?.[1];
    if (root && root !== 'self' && root !== 'this') add(root);
  }
  // `self.session.headers.update({...})`: what the session sends from then on.
  const mutation = MUTATION.exec(line);
  if (mutation) add(mutation[1]);
  const key = KEY.exec(line);
  if (key) add(key[2]);
  const k8s = K8S_ENV_NAME.exec(line);
  if (k8s) add(k8s[1]);
  add(HTTP_FILE_VARIABLE.exec(line)?.[1]);
  const fn = FUNCTION.exec(line);
  if (fn) {
    add(fn[1]);
    for (const p of paramNames(fn[2] ?? '')) add(p);
  }
  const method = METHOD_OR_ARROW.exec(line);
  if (method && !fn) {
    if (method[1] && !/^(if|for|while|switch|catch|return|function)$/.test(method[1])) add(method[1]);
    for (const p of paramNames(method[2] ?? method[3] ?? '')) add(p);
  }
  const py = PY_IMPORT.exec(line);
  if (py) for (const p of paramNames(py[1] ?? '')) add(p);
  const js = JS_IMPORT.exec(line);
  if (js) {
    add(js[1]);
    add(js[3]);
    for (const p of paramNames((js[2] ?? '').replace(/\btype\s+/g, ''))) add(p);
  }
  const destructure = DESTRUCTURE.exec(line);
  if (destructure) for (const p of paramNames(destructure[1] ?? '')) add(p);
  // Dockerfile `ENV A=1 B=2` and its continuation lines, dotenv `export A=1`.
  if (/^\s*(?:ENV\s+|export\s+)?[A-Za-z_]\w*=/.test(line)) for (const m of line.matchAll(DOCKER_ENV_PAIRS)) add(m[1]);
  // Dockerfile `ARG NAME` and `ENV NAME value` (no `=`).
  const arg = /^\s*(?:ARG|ENV)\s+([A-Za-z_]\w*)(?:\s|$)/.exec(line);
  if (arg) add(arg[1]);
  const tf = TF_BLOCK.exec(line);
  if (tf) add(tf[1]);
  for (const m of line.matchAll(CREDENTIAL_VARIABLE)) add(m[1]);
  const withAs = WITH_AS.exec(line);
  if (withAs) add(withAs[1]);
  return [...out];
}

const WORD = /[A-Za-z_$][\w$]*/g;

/** The words of a line, for the used-on-a-fact-line test (dashed names count whole and in parts). */
export function wordsOf(line: string): string[] {
  const out: string[] = [];
  // `$NAME` in shell and templates uses NAME; `$el` in JS is a name of its own: both are kept.
  for (const w of line.match(WORD) ?? []) out.push(w, ...(w.startsWith('$') && w.length > 1 ? [w.replace(/^\$+/, '')] : []));
  for (const m of line.matchAll(/[A-Za-z_][\w]*(?:-[\w]+)+/g)) out.push(m[0]);
  return out;
}

/**
 * CircleCI parameters a line refers to (`<< parameters.token-var >>`): each is given where its job
 * or command is used (`- trigger: { token-var: DBT_PAT }`) as well as declared, so a use reads
 * every definition of the name in the file.
 */
export function parameterWordsOf(line: string): string[] {
  return [...line.matchAll(/<<\s*(?:pipeline\.)?parameters\.([\w-]+)\s*>>/g)].map((m) => m[1]!);
}

/**
 * The names a configuration line (YAML, JSON) refers to: only interpolations count there
 * (`$X`, `${X}`, `$(X)`, `${{ env.X }}`, `{{X}}`, `*anchor`), since a key written twice is two
 * keys, not a use of the first.
 */
export function interpolatedWordsOf(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/\$\{?\(?([A-Za-z_][\w]*)/g)) out.push(m[1]!);
  for (const m of line.matchAll(/\{\{([^{}]*)\}\}/g)) out.push(...wordsOf(m[1]!));
  for (const m of line.matchAll(/(?:^|[\s,[])\*([\w.-]+)/g)) out.push(m[1]!);
  for (const m of line.matchAll(/%([A-Za-z_]\w*)%/g)) out.push(m[1]!);
  return out;
}
