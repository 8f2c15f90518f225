import type { Config } from '../config/config.js';
import type { Evidence, RawCredential, Reference, TokenType } from '../facts/types.js';
import { redact, secretIdentity } from '../findings/redact.js';
import type { Credential } from '../report/types.js';

// Token type, in order of trust: the value's own format, the user's `tokens:` declarations,
// the variable's name, the client's parameter slot. See the contract's vocabulary.

export const PAT_SHAPE = /^dbtu_[A-Za-z0-9_-]{50}$/;
export const SERVICE_TOKEN_SHAPE = /^dbtc_[A-Za-z0-9_-]{50}$/;
const LEGACY_KEY_SHAPE = /^[0-9a-f]{40}$/;
/** Service tokens from before July 2023 (facts §1.2, one sample): 10 hex, a dot, 64 hex. */
const OLD_SERVICE_TOKEN_SHAPE = /^[0-9a-f]{10}\.[0-9a-f]{64}$/;

/** A credential after classification: the contract's fields plus what grouping and linking need. */
export interface CredentialFact extends Credential {
  /** Groups uses of one secret: a hash of a literal value, or source + name. Never printed. */
  identity?: string;
  /** The literal is a complete token committed to the repository (hardcoded-token). */
  committed?: boolean;
  ref?: Reference;
}

export function typeFromValue(value: string, dbtContext: boolean): TokenType | undefined {
  const v = value.trim();
  if (v.startsWith('dbtu_')) return 'pat';
  if (v.startsWith('dbtc_')) return 'service-token';
  if (dbtContext && LEGACY_KEY_SHAPE.test(v)) return 'legacy-user-api-key';
  if (dbtContext && OLD_SERVICE_TOKEN_SHAPE.test(v)) return 'service-token';
  return undefined;
}

/** Is this literal a whole token (not a placeholder such as `dbtc_xxxxxxxx`)? */
export function isCompleteToken(value: string, dbtContext: boolean): boolean {
  const v = value.trim();
  return PAT_SHAPE.test(v) || SERVICE_TOKEN_SHAPE.test(v) || (dbtContext && (LEGACY_KEY_SHAPE.test(v) || OLD_SERVICE_TOKEN_SHAPE.test(v)));
}

export function typeFromName(name: string): TokenType | undefined {
  // dbtCloudPat and dbt-cloud-pat read as DBT_CLOUD_PAT.
  const n = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  if (/(^|_)(PAT|PATS|PERSONAL)(_|$)|PERSONAL_?ACCESS/.test(n)) return 'pat';
  if (/SERVICE/.test(n)) return 'service-token';
  if (/USER_?(API_?)?(KEY|TOKEN)/.test(n)) return 'legacy-user-api-key';
  return undefined;
}

const PLACEHOLDER_VALUE = /^(<.*>|\{\{.*\}\}|\$\{.*\}|x+|\*+|\.{3}|changeme|change_me|todo|tbd|none|null|your[_-].*|example.*|replace.*|dummy|test|redacted)$/i;

/** A literal that is obviously a placeholder carries no token (docs, templates). */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  return v === '' || PLACEHOLDER_VALUE.test(v) || /^dbt[uc]_(x+|\.+|\*+|<.*>|your.*|token.*|example.*)$/i.test(v);
}

/**
 * Classifies one credential. `dbtContext` says the value sits on a dbt Cloud call or in a
 * dbt-named variable, which is what makes a bare 40-hex string a legacy key and not a git SHA.
 */
export function classifyCredential(raw: RawCredential | undefined, config: Config, dbtContext: boolean): CredentialFact {
  if (!raw) return { type: 'unknown', source: 'unknown', evidence: 'none' };
  const out: CredentialFact = { type: 'unknown', source: raw.source, evidence: 'none' };
  if (raw.name) out.name = raw.name;
  if (raw.ref) out.ref = raw.ref;
  const value = raw.value !== undefined && !isPlaceholderValue(raw.value) ? raw.value.trim() : undefined;
  let evidence: Evidence = 'none';
  let type: TokenType | undefined;
  if (value !== undefined) {
    out.redacted = redact(value);
    out.identity = secretIdentity(value);
    out.committed = raw.source === 'literal' && isCompleteToken(value, dbtContext);
    type = typeFromValue(value, dbtContext);
    if (type) evidence = 'format';
  } else if (raw.name) {
    out.identity = `${raw.source}:${raw.name.toUpperCase()}`;
  }
  if (!type && raw.name) {
    type = config.tokens.get(raw.name);
    if (type) evidence = 'declared';
  }
  if (!type && raw.ref) {
    type = config.tokens.get(raw.ref.id);
    if (type) evidence = 'declared';
  }
  if (!type && raw.name) {
    type = typeFromName(raw.name);
    if (type) evidence = 'name';
  }
  if (!type && raw.slotType) {
    type = raw.slotType;
    evidence = 'name';
  }
  out.type = type ?? 'unknown';
  out.evidence = evidence;
  return out;
}
