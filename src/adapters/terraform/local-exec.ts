import type { RawCallSite, RawCredential, RawEndpoint } from '../../model/raw-facts.js';
import type { EnvBinding } from '../shared/values/binding.js';
import { shellFactsAt } from '../shared/embedded-shell/embedded-shell.js';
import type { TfBlock, TfDocument, TfExpr } from './model.js';

// A `provisioner "local-exec"` runs its `command` in a shell where Terraform runs (the machine or
// CI job applying the module): a curl to dbt Cloud there is a call of the Terraform workflow, with
// the token Terraform interpolates (`${var.dbt_cloud_service_token}`) or the `environment` gives.

/** `${var.x}` in the command: Terraform's variable, given to the shell as a variable of that name. */
const INTERPOLATION = /(\$\$)?\$\{([^{}]{1,200})\}/g;
const VARIABLE_REF = /^\s*var\.([A-Za-z_][\w-]{0,100})\s*$/;

/** The call sites of the `local-exec` commands of a module's resources. */
export async function localExecSites(doc: TfDocument, text: string): Promise<RawCallSite[]> {
  const out: RawCallSite[] = [];
  const lines = text.split('\n');
  for (const block of doc.blocks) {
    for (const provisioner of block.blocks) {
      if (provisioner.type !== 'provisioner' || provisioner.labels[0] !== 'local-exec') continue;
      const command = provisioner.attributes.find((a) => a.name === 'command');
      if (!command) continue;
      const script = commandText(lines, command.span.line, command.span.endLine ?? command.span.line);
      if (script === undefined) continue;
      const env = new Map<string, EnvBinding>(environmentOf(provisioner));
      const shell = script.replace(INTERPOLATION, (m, escaped: string | undefined, inner: string) => {
        // `$${X}` is the shell's own `${X}`, which Terraform leaves alone.
        if (escaped) return m.slice(1);
        const variable = VARIABLE_REF.exec(inner)?.[1];
        // Any other expression (`dbtcloud_job.nightly.id`) is named by its last parts: `{nightly_id}`.
        const name =
          variable !== undefined
            ? `TF_VAR_${variable.replace(/-/g, '_')}`
            : inner
                .trim()
                .split('.')
                .slice(-2)
                .join('_')
                .replace(/\W/g, '_')
                .replace(/^(?=\d)/, '_') || 'value';
        if (variable !== undefined) env.set(name, { credential: variableCredential(variable) });
        return `\${${name}}`;
      });
      const facts = await shellFactsAt(shell, { line: 1, column: 1 }, env);
      for (const site of facts.callSites) {
        if (site.kind !== 'http') continue;
        const credential = site.credential && interpolatedInQuotes(site.credential, env);
        const endpoint = site.endpoint && withValuesNamed(site.endpoint);
        out.push({
          ...site,
          ...(credential ? { credential } : {}),
          ...(endpoint ? { endpoint } : {}),
          span: { line: command.span.line, column: command.span.column },
        });
      }
    }
  }
  return out;
}

/**
 * Terraform fills `${var.x}` in before the shell runs, single quotes or not: in `'Token ${var.x}'`
 * the shell sees the variable's value, which the scan reads as the text `${TF_VAR_x}`. That is the
 * variable, not a literal token.
 */
function interpolatedInQuotes(credential: RawCredential, env: ReadonlyMap<string, EnvBinding>): RawCredential | undefined {
  if (credential.source !== 'literal') return undefined;
  const name = /^\$\{(TF_VAR_\w+)\}$/.exec(credential.value?.trim() ?? '')?.[1];
  const binding = name === undefined ? undefined : env.get(name);
  const bound = binding && 'credential' in binding ? binding.credential : undefined;
  return bound && { ...bound, ...(credential.span ? { span: credential.span } : {}) };
}

/** A value Terraform fills into a single-quoted URL (`'…/jobs/${dbtcloud_job.x.id}/run/'`) as the unknown it is: `{x_id}`. */
function withValuesNamed(endpoint: RawEndpoint): RawEndpoint | undefined {
  const named = (t: string | undefined): string | undefined => t?.replace(/\$\{(\w+)\}/g, '{$1}');
  if (!/\$\{/.test(`${endpoint.url ?? ''}${endpoint.path ?? ''}`)) return undefined;
  const out: RawEndpoint = { ...endpoint };
  if (endpoint.url !== undefined) out.url = named(endpoint.url);
  if (endpoint.path !== undefined) out.path = named(endpoint.path);
  return out;
}

/**
 * The command's text at its own lines, every other line blank: a heredoc's body, or a quoted
 * string's content (HCL's `\"` read as the quote it is, at the same length).
 */
function commandText(lines: readonly string[], first: number, last: number): string | undefined {
  const out = lines.map(() => '');
  const head = lines[first - 1] ?? '';
  if (/=\s*<<-?\s*[A-Za-z_]\w*\s*$/.test(head)) {
    if (last <= first + 1) return undefined;
    for (let l = first + 1; l < last; l++) out[l - 1] = lines[l - 1] ?? '';
    return out.join('\n');
  }
  const quoted = /=\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(head);
  if (!quoted || first !== last) return undefined;
  const start = quoted.index + quoted[0].indexOf('"') + 1;
  out[first - 1] = ' '.repeat(start) + quoted[1]!.replace(/\\(["\\])/g, ' $1');
  return out.join('\n');
}

/** `environment = { DBT_TOKEN = var.dbt_cloud_service_token }`: what the command's shell is given. */
function environmentOf(provisioner: TfBlock): [string, EnvBinding][] {
  const env = provisioner.attributes.find((a) => a.name === 'environment')?.expr;
  if (env?.kind !== 'object') return [];
  const out: [string, EnvBinding][] = [];
  for (const entry of env.entries) {
    const variable = variableOf(entry.expr);
    if (variable !== undefined && /^[A-Za-z_]\w*$/.test(entry.name))
      out.push([
        entry.name,
        { credential: { ...variableCredential(variable), span: { line: entry.span.line, column: entry.span.column } } },
      ]);
  }
  return out;
}

function variableOf(expr: TfExpr): string | undefined {
  if (expr.kind === 'ref' && expr.parts[0] === 'var' && expr.parts[1] !== undefined) return expr.parts[1];
  if (expr.kind === 'template' && expr.parts.length === 1 && typeof expr.parts[0] !== 'string') return variableOf(expr.parts[0]!);
  return undefined;
}

const variableCredential = (name: string): RawCredential => ({ source: 'variable', name, ref: { kind: 'terraform-variable', id: name } });
