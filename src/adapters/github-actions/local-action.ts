import { isBudgetExceeded, isParseError } from '../../errors.js';
import { caughtExpected } from '../extraction-limits.js';
import type { SourceFile } from '../../discover/source-file.js';
import type { AdapterContext } from '../adapter.js';
import { loadCiYaml } from '../shared/yaml-documents/document.js';
import { isDbtUrlInput } from '../shared/ci-yaml/dbt-names.js';
import { isDbtTokenInput } from '../../credentials/names.js';
import { typeFromDescription } from '../../credentials/descriptions.js';
import type { TokenType } from '../../model/vocabulary.js';
import { joinRelative } from '../shared/ci-yaml/script-location.js';

// `uses: ./` / `uses: ./path/to/action`: an action kept in the same repository. Its action.yml
// says whether it is a dbt Cloud action (it declares a dbt token input) and which host its URL
// input defaults to, which the step calling it would otherwise not tell.

export interface LocalAction {
  /** Its action.yml, relative to the scan root. */
  file: string;
  /** Whether the action declares a dbt Cloud token input. */
  dbtCloud: boolean;
  /** Default of its dbt Cloud host / URL input, when it has one. */
  urlDefault?: string;
  /** The token type each input's `description` names (`dbt Cloud service token`). */
  inputTypes: Map<string, Exclude<TokenType, 'unknown'>>;
}

/** The action.yml a local `uses:` points at (relative to the repository root), if the scan has it. */
function actionFile(uses: string, repoRoot: string, ctx: AdapterContext): SourceFile | undefined {
  const dir = joinRelative(repoRoot, uses.trim());
  if (dir === undefined) return undefined;
  for (const name of ['action.yml', 'action.yaml']) {
    const f = ctx.readRepoFile(dir === '' ? name : `${dir}/${name}`);
    if (f) return f;
  }
  return undefined;
}

const isLocalAction = (uses: string): boolean => /^\.\.?(\/|$)/.test(uses.trim());

/**
 * What a reusable workflow of the repository (`uses: ./.github/workflows/_dbt.yml` on a job) says
 * of the inputs and secrets it takes: `on.workflow_call.secrets.cloud_token.description`.
 */
export async function readReusableWorkflow(uses: string, repoRoot: string, ctx: AdapterContext): Promise<LocalAction | undefined> {
  if (!/^\.\/.*\.ya?ml$/i.test(uses.trim())) return undefined;
  const path = joinRelative(repoRoot, uses.trim());
  const file = path === undefined ? undefined : ctx.readRepoFile(path);
  if (!file || file.text.length > 1_000_000) return undefined;
  try {
    const { docs } = await loadCiYaml(file.text);
    const doc = docs[0];
    if (!doc || !doc.isMap(doc.root)) return undefined;
    const call = doc.value(doc.value(doc.root, 'on'), 'workflow_call');
    const declared = [...doc.entries(doc.value(call, 'secrets')), ...doc.entries(doc.value(call, 'inputs'))];
    const inputTypes = new Map<string, Exclude<TokenType, 'unknown'>>();
    for (const i of declared) {
      const type = typeFromDescription(doc.str(doc.value(i.value, 'description')) ?? '');
      if (type && type !== 'unknown') inputTypes.set(i.key, type);
    }
    return { file: file.path, dbtCloud: declared.some((i) => isDbtTokenInput(i.key, false)), inputTypes };
  } catch (e) {
    caughtExpected(e, isParseError, isBudgetExceeded);
    return undefined;
  }
}

/** What a local action's metadata says; undefined when it is not local, missing or unreadable. */
export async function readLocalAction(uses: string, repoRoot: string, ctx: AdapterContext): Promise<LocalAction | undefined> {
  if (!isLocalAction(uses)) return undefined;
  const file = actionFile(uses, repoRoot, ctx);
  if (!file || file.text.length > 1_000_000) return undefined;
  try {
    const { docs } = await loadCiYaml(file.text);
    const doc = docs[0];
    if (!doc || !doc.isMap(doc.root)) return undefined;
    const inputs = doc.entries(doc.value(doc.root, 'inputs'));
    const label = `${doc.str(doc.value(doc.root, 'name')) ?? ''} ${doc.str(doc.value(doc.root, 'description')) ?? ''}`;
    const namedDbtCloud = /dbt[-_ ]?cloud/i.test(label);
    const dbtCloud = inputs.some((i) => isDbtTokenInput(i.key, namedDbtCloud));
    const inputTypes = new Map<string, Exclude<TokenType, 'unknown'>>();
    for (const i of inputs) {
      const type = typeFromDescription(doc.str(doc.value(i.value, 'description')) ?? '');
      if (type && type !== 'unknown') inputTypes.set(i.key, type);
    }
    const out: LocalAction = { file: file.path, dbtCloud, inputTypes };
    const url = inputs.find((i) => isDbtUrlInput(i.key));
    const d = url ? doc.str(doc.value(url.value, 'default')) : undefined;
    if (d && !/[{}$]/.test(d)) out.urlDefault = d.trim();
    return out;
  } catch (e) {
    caughtExpected(e, isParseError, isBudgetExceeded);
    return undefined;
  }
}
