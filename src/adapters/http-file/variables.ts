import type { AdapterContext } from '../adapter.js';
import type { RawCredential, Span } from '../../model/raw-facts.js';
import { parseJsonTree, type JsonValue } from '../shared/json-offsets/json-tree.js';
import { onlyVariable } from '../shared/api-client-auth.js';
import { plainJson } from '../shared/json-offsets/plain-json.js';

// The variables of an HTTP client file: its own (`@name = value`, REST Client), the process's
// environment (`{{$dotenv NAME}}`, `{{$processEnv NAME}}`, `{{$env.NAME}}`) and those of the
// environment files JetBrains' client reads beside it (`http-client.env.json`, and the
// `http-client.private.env.json` that holds secrets), every environment of them, and REST Client's
// environments in the workspace's `.vscode/settings.json`.

/** The environment, as each client writes it: REST Client's `$dotenv` / `$processEnv` (`%` marks a name taken from a variable), JetBrains' `$env.`. */
const ENVIRONMENT = /^\$(?:dotenv|processEnv)[ \t]+%?([A-Za-z_][\w.-]*)$|^\$env\.([A-Za-z_]\w*)$/;
const REFERENCE = /\{\{([^{}]*)\}\}/g;
const ENV_FILES = ['http-client.env.json', 'http-client.private.env.json'];
/** Folders looked at above a file for the workspace's `.vscode/settings.json`, at most. */
const MAX_SETTINGS_LEVELS = 16;
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
    // `"cloudToken": "{{$dotenv DBT_CLOUD_PAT}}"`: the variable it is made of alone.
    const inner = value !== undefined ? onlyVariable(value) : undefined;
    if (inner !== undefined && depth < MAX_DEPTH) return this.credential(inner, span, depth + 1);
    return value !== undefined && value !== '' && !value.includes('{{')
      ? { source: 'variable', name: reference, value, span }
      : { source: 'variable', name: reference, span };
  }

  /**
   * A variable's value in the client's environment files beside the file (the first environment
   * that sets it), else in VS Code's settings of the workspace, the file's folder or one above it
   * (`.vscode/settings.json`'s `rest-client.environmentVariables`, `$shared` and each environment).
   */
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
      for (const env of this.restClientEnvironments())
        for (const [key, value] of entriesOf(env)) if (!this.environments.has(key)) this.environments.set(key, value);
    }
    return this.environments.get(name);
  }

  /** REST Client's environments in the nearest `.vscode/settings.json` at or above the file's folder. */
  private restClientEnvironments(): JsonValue[] {
    for (let dir = this.dir, i = 0; i < MAX_SETTINGS_LEVELS; i++) {
      const path = dir ? `${dir}/.vscode/settings.json` : '.vscode/settings.json';
      const text = this.ctx.fileExists(path) ? this.ctx.readRepoFile(path)?.text : undefined;
      if (text !== undefined) {
        const root = parseJsonTree(plainJson(text), 8).root;
        const envs = root?.type === 'object' ? root.members.find((m) => m.key === 'rest-client.environmentVariables')?.value : undefined;
        return envs?.type === 'object' ? envs.members.map((m) => m.value) : [];
      }
      if (dir === '') break;
      dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    }
    return [];
  }
}

function entriesOf(node: JsonValue): Array<[string, string]> {
  if (node.type !== 'object') return [];
  return node.members.flatMap((m) => (m.value.type === 'string' ? [[m.key, m.value.value] as [string, string]] : []));
}
