import type { Config } from '../config/config.js';
import { typeFromDescription } from '../credentials/descriptions.js';
import { evidenceOf, type Basis } from '../credentials/evidence.js';
import { typeFromName } from '../credentials/names.js';
import { isPlaceholderValue, substitutedVariable, typeFromPlaceholder } from '../credentials/placeholders.js';
import { isCompleteToken, typeFromValue } from '../credentials/token-shapes.js';
import { redact, secretIdentity } from '../findings/redact.js';
import type { CredentialFact } from '../model/extracted.js';
import type { RawCredential } from '../model/raw-facts.js';
import type { TokenType } from '../model/vocabulary.js';

// Token type, in order of trust: the value's own format, the user's `tokens:` declarations,
// the format of a value assigned to the same name elsewhere (src/scan/link-names.ts), a
// description or placeholder text naming the type, the variable's name, the client's parameter
// slot. See the contract's vocabulary and src/credentials/evidence.ts.

// The shapes, names and placeholders live in src/credentials/; re-exported for older imports.
/**
 * Classifies one credential. `dbtContext` says the value sits on a dbt Cloud call or in a
 * dbt-named variable, which is what makes a bare 40-hex string a legacy key and not a git SHA.
 * `file` is the credential's file, for `evidenceAt` when a description decides.
 */
export function classifyCredential(given: RawCredential | undefined, config: Config, dbtContext: boolean, file?: string): CredentialFact {
  if (!given) return { type: 'unknown', source: 'unknown', evidence: 'none', basis: 'none' };
  // `token = "__DBT_TOKEN__"`, filled in by a release pipeline: that pipeline's variable.
  const substituted = given.source === 'literal' && given.value !== undefined ? substitutedVariable(given.value) : undefined;
  const raw: RawCredential = substituted ? { ...given, source: 'variable', name: substituted, value: undefined } : given;
  const out: CredentialFact = { type: 'unknown', source: raw.source, evidence: 'none' };
  if (raw.name) out.name = raw.name;
  if (raw.ref) out.ref = raw.ref;
  if (raw.otherwise) out.otherwise = raw.otherwise;
  const placeholder = raw.value !== undefined && isPlaceholderValue(raw.value);
  const value = raw.value !== undefined && !placeholder ? raw.value.trim() : undefined;
  const decide = (): [TokenType, Basis] | undefined => {
    if (value !== undefined) {
      const t = typeFromValue(value, dbtContext);
      if (t) return [t, 'value'];
    }
    const declared = (raw.name ? config.tokens.get(raw.name) : undefined) ?? (raw.ref ? config.tokens.get(raw.ref.id) : undefined);
    if (declared) return [declared, 'declared'];
    // A placeholder's own text (`dbtu_XXXX`, `<your-service-token>`) describes what goes there.
    const fromPlaceholder = placeholder ? typeFromPlaceholder(raw.value!) : undefined;
    if (fromPlaceholder) return [fromPlaceholder, 'described'];
    const described = raw.description
      ? raw.description.isName
        ? typeFromName(raw.description.text)
        : typeFromDescription(raw.description.text)
      : undefined;
    if (described) {
      if (file !== undefined) out.evidenceAt = { file: raw.description!.file ?? file, line: raw.description!.line };
      return [described, 'described'];
    }
    const named = raw.name ? typeFromName(raw.name) : undefined;
    if (named) return [named, 'name'];
    if (raw.slotType) return [raw.slotType, 'slot'];
    return undefined;
  };
  if (value !== undefined) {
    out.redacted = redact(value);
    out.identity = secretIdentity(value);
    out.committed = raw.source === 'literal' && isCompleteToken(value, dbtContext);
  } else if (raw.name && !raw.perRun) {
    out.identity = `${raw.source}:${raw.name.toUpperCase()}`;
  }
  const [type, basis] = decide() ?? ['unknown', 'none'];
  out.type = type;
  out.basis = basis;
  out.evidence = evidenceOf(basis);
  return out;
}
