import type { AdapterContext } from '../adapter.js';
import type { RawCredential, Span } from '../../model/raw-facts.js';
import { parseJsonTree, type JsonValue } from '../shared/json-offsets/json-tree.js';
import { onlyVariable } from '../shared/api-client-auth.js';

// The variables of an HTTP client file: its own (`@name = value`, REST Client), the process's
// environment (`{{$dotenv NAME}}`, `{{$processEnv NAME}}`, `{{$env.NAME}}`) and those of the
// environment files JetBrains' client reads beside it (`http-client.env.json`, and the
// `http-client.private.env.json` that holds secrets), every environment of them.

/** The environment, as each client writes it: REST Client's `$dotenv` / `$processEnv` (`%` marks a name taken from a variable), JetBrains' `$env.`. */
const ENVIRONMENT = /^\$(?:dotenv|processEnv)[ \t]+%?([A-Za-z_][\w.-]*)$|^\$env\.([A-Za-z_]\w*)$/;
const REFERENCE = /\{\{([^{}]*)\}\}/g;
const ENV_FILES = ['http-client.env.json', 'http-client.private.env.json'];
/** Variables resolved through other variables, at most this deep (`@a = {{b}}`). */
const MAX_DEPTH = 8;

interface FileVariable {
  value: string;
  span: Span;
}

export class HttpVariables {
  private readonly own = new Map<string, FileVariable>();
  private environments: Map<string, string> | undefined;

  constructor(
    private readonly dir: string,
    private readonly ctx: AdapterContext,
  ) {}

  /** `@name = value`: a later definition of a name replaces an earlier one, as the clients read it. */
  defineInFile(name: string, value: string, span: Span): void {
    this.own.set(name, { value, span });
  }

  /** A URL with each variable replaced by its value, or written `{name}` when its value is not known here. */
  substitute(text: string, depth = 0): string {
    return text.replace(REFERENCE, (_m, written: string) => {
      const inner = written.trim();
      const env = ENVIRONMENT.exec(inner);
      if (env) return `{${env[1] ?? env[2]}}`;
      const value = this.own.get(inner)?.value ?? this.fromEnvironmentFiles(inner);
      return value !== undefined && depth < MAX_DEPTH ? this.substitute(value, depth + 1) : `{${inner}}`;
    });
  }

  /** The credential a `{{reference}}` in an Authorization header stands for. */
  credential(reference: string, span: Span, depth = 0): RawCredential {
    const env = ENVIRONMENT.exec(reference);
    if (env) return { source: 'env', name: (env[1] ?? env[2])!, span };
    const own = this.own.get(reference);
    if (own) {
      const inner = onlyVariable(own.value);
      if (inner !== undefined && depth < MAX_DEPTH) return this.credential(inner, span, depth + 1);
      // Written in the file itself: the token is committed there.
      if (own.value !== '' && !own.value.includes('{{')) return { source: 'literal', name: reference, value: own.value, span: own.span };
      return { source: 'unknown', name: reference, span };
    }
    const value = this.fromEnvironmentFiles(reference);
    return value !== undefined && value !== '' && !value.includes('{{')
      ? { source: 'variable', name: reference, value, span }
      : { source: 'variable', name: reference, span };
  }

  /** A variable's value in the client's environment files beside the file (the first environment that sets it). */
  private fromEnvironmentFiles(name: string): string | undefined {
    if (!this.environments) {
      this.environments = new Map();
      for (const file of ENV_FILES) {
        const path = this.dir ? `${this.dir}/${file}` : file;
        const text = this.ctx.fileExists(path) ? this.ctx.readRepoFile(path)?.text : undefined;
        const root = text === undefined ? undefined : parseJsonTree(text, 8).root;
        if (root?.type !== 'object') continue;
        for (const env of root.members)
          for (const [key, value] of entriesOf(env.value)) if (!this.environments.has(key)) this.environments.set(key, value);
      }
    }
    return this.environments.get(name);
  }
}

function entriesOf(node: JsonValue): Array<[string, string]> {
  if (node.type !== 'object') return [];
  return node.members.flatMap((m) => (m.value.type === 'string' ? [[m.key, m.value.value] as [string, string]] : []));
}
