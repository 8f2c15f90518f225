import { resolve } from 'node:path';
import { readInputFile } from '../config/read-input-file.js';
import { ConfigError, isParseError, rethrowUnless } from '../errors.js';
import {
  API_KINDS,
  CALL_SITE_KINDS,
  CREDENTIAL_SOURCES,
  EVIDENCE,
  RECOMMENDED_TOKEN_TYPES,
  SEVERITIES,
  SUPPRESSION_KINDS,
  TOKEN_TYPES,
  WORKFLOWS,
  type RuleId,
} from '../model/vocabulary.js';
import { outgoingReport } from '../findings/outgoing-report.js';
import type { Report, ReportCallSite, ScanError } from '../model/report.js';
import type { Credential } from '../model/extracted.js';
import type { Endpoint } from '../model/classified.js';
import type { Finding } from '../model/findings.js';
import { repositoryNameOption } from '../vcs/repository-name.js';

// The json reports `merge` reads come from other jobs, other machines, other people: each is
// read like a baseline (guarded, bounded, src/config/read-input-file.ts), checked field by field
// against the contract's report schema, and rebuilt from the fields it names only, so nothing
// else in the file reaches an output. A report that fails stops the merge (exit 2) with the file
// and the field named: an inventory silently missing a repository would read as a clean one.
// What passes goes through the same outgoing redaction as a fresh scan
// (src/findings/outgoing-report.ts): a report written by hand or by an old version may hold a
// token whole.

/** As for baselines: a report of a very large repository fits, a runaway file does not. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export interface InputReport {
  /** The path as given on the command line. */
  file: string;
  /** The report's `repository`, if it names one. */
  repository?: string;
  report: Report;
}

class Invalid extends Error {}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(v: unknown, at: string): Json {
  if (!isObject(v)) throw new Invalid(`${at}: expected an object`);
  return v;
}

function array(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new Invalid(`${at}: expected an array`);
  return v;
}

function string(v: unknown, at: string): string {
  if (typeof v !== 'string') throw new Invalid(`${at}: expected a string`);
  return v;
}

const optString = (v: unknown, at: string): string | undefined => (v === undefined ? undefined : string(v, at));

function count(v: unknown, at: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
    throw new Invalid(`${at}: expected a whole number${min ? ` from ${min}` : ''}`);
  return v;
}

const optCount = (v: unknown, at: string, min = 0): number | undefined => (v === undefined ? undefined : count(v, at, min));

function oneOf<T extends string>(v: unknown, list: readonly T[], at: string): T {
  if (typeof v !== 'string' || !(list as readonly string[]).includes(v)) throw new Invalid(`${at}: expected one of ${list.join(', ')}`);
  return v as T;
}

function bool(v: unknown, at: string): boolean {
  if (typeof v !== 'boolean') throw new Invalid(`${at}: expected true or false`);
  return v;
}

/** Keys with undefined values left out, as the json reporter writes them. */
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function file(v: unknown, at: string): string {
  const f = string(v, at);
  // The schema's location pattern: paths use `/`.
  if (f === '' || f.includes('\\')) throw new Invalid(`${at}: expected a path with / separators`);
  return f;
}

function location(o: Json, at: string): { file: string; line: number; column: number; endLine?: number; endColumn?: number } {
  return defined({
    file: file(o.file, `${at}.file`),
    line: count(o.line, `${at}.line`, 1),
    column: count(o.column, `${at}.column`, 1),
    endLine: optCount(o.endLine, `${at}.endLine`, 1),
    endColumn: optCount(o.endColumn, `${at}.endColumn`, 1),
  });
}

function credential(v: unknown, at: string): Credential {
  const o = object(v, at);
  const evidenceAt = o.evidenceAt === undefined ? undefined : object(o.evidenceAt, `${at}.evidenceAt`);
  return defined({
    type: oneOf(o.type, TOKEN_TYPES, `${at}.type`),
    source: oneOf(o.source, CREDENTIAL_SOURCES, `${at}.source`),
    evidence: oneOf(o.evidence, EVIDENCE, `${at}.evidence`),
    evidenceAt: evidenceAt && {
      file: file(evidenceAt.file, `${at}.evidenceAt.file`),
      line: count(evidenceAt.line, `${at}.evidenceAt.line`, 1),
    },
    name: optString(o.name, `${at}.name`),
    redacted: optString(o.redacted, `${at}.redacted`),
  });
}

function endpoint(v: unknown, at: string): Endpoint | undefined {
  if (v === undefined) return undefined;
  const o = object(v, at);
  return defined({
    url: optString(o.url, `${at}.url`),
    host: optString(o.host, `${at}.host`),
    path: optString(o.path, `${at}.path`),
    api: o.api === undefined ? undefined : oneOf(o.api, API_KINDS, `${at}.api`),
  });
}

function callSite(v: unknown, at: string): ReportCallSite {
  const o = object(v, at);
  return defined({
    ...location(o, at),
    kind: oneOf(o.kind, CALL_SITE_KINDS, `${at}.kind`),
    endpoint: endpoint(o.endpoint, `${at}.endpoint`),
    credential: credential(o.credential, `${at}.credential`),
    workflow: oneOf(o.workflow, WORKFLOWS, `${at}.workflow`),
    production: bool(o.production, `${at}.production`),
    recommendedTokenType:
      o.recommendedTokenType === undefined
        ? undefined
        : oneOf(o.recommendedTokenType, RECOMMENDED_TOKEN_TYPES, `${at}.recommendedTokenType`),
  });
}

function finding(v: unknown, at: string, suppressed: boolean): Finding {
  const o = object(v, at);
  const ruleId = string(o.ruleId, `${at}.ruleId`);
  // A newer version may know more rules: any rule id reads, only the known ones mean something here.
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(ruleId)) throw new Invalid(`${at}.ruleId: expected a rule id`);
  const rec = object(o.recommendation, `${at}.recommendation`);
  const sup = suppressed ? object(o.suppression, `${at}.suppression`) : undefined;
  return defined({
    ...location(o, at),
    ruleId: ruleId as RuleId,
    severity: oneOf(o.severity, SEVERITIES, `${at}.severity`),
    message: string(o.message, `${at}.message`),
    workflow: oneOf(o.workflow, WORKFLOWS, `${at}.workflow`),
    production: bool(o.production, `${at}.production`),
    credential: credential(o.credential, `${at}.credential`),
    endpoint: endpoint(o.endpoint, `${at}.endpoint`),
    recommendation: defined({
      tokenType: rec.tokenType === undefined ? undefined : oneOf(rec.tokenType, RECOMMENDED_TOKEN_TYPES, `${at}.recommendation.tokenType`),
      text: string(rec.text, `${at}.recommendation.text`),
    }),
    fingerprint: string(o.fingerprint, `${at}.fingerprint`),
    suppression:
      sup &&
      defined({
        kind: oneOf(sup.kind, SUPPRESSION_KINDS, `${at}.suppression.kind`),
        reason: optString(sup.reason, `${at}.suppression.reason`),
      }),
  });
}

function scanError(v: unknown, at: string): ScanError {
  const o = object(v, at);
  return { file: string(o.file, `${at}.file`), message: string(o.message, `${at}.message`) };
}

/** What a json file that is not a scan report most likely is, to say what to run instead. */
function notAReport(doc: unknown): string {
  if (isObject(doc) && Array.isArray(doc.groups)) return 'an inventory, not a scan report: merge reads the reports of `scan --format json`';
  if (isObject(doc) && Array.isArray(doc.runs)) return 'a SARIF log, not a scan report: merge reads the reports of `scan --format json`';
  if (isObject(doc) && doc.tool === 'dbt-token-scan')
    return 'a baseline, not a scan report: merge reads the reports of `scan --format json`';
  return 'not a dbt-token-scan json report (expected "tool": {"name": "dbt-token-scan"}, as `scan --format json` writes)';
}

/** The report in `text`, checked and rebuilt; throws Invalid naming the field. */
function parseReport(text: string): { repository?: string; report: Report } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    rethrowUnless(e, isParseError);
    throw new Invalid(`not valid JSON (${(e as Error).message.split('\n')[0]!.slice(0, 120)})`);
  }
  if (
    !isObject(doc) ||
    !isObject(doc.tool) ||
    doc.tool.name !== 'dbt-token-scan' ||
    (Array.isArray(doc.groups) && !Array.isArray(doc.callSites))
  )
    throw new Invalid(notAReport(doc));
  if (doc.schemaVersion !== 1)
    throw new Invalid(`schemaVersion ${JSON.stringify(doc.schemaVersion)?.slice(0, 20)} is not one this version reads (1)`);
  const summary = object(doc.summary, 'summary');
  const bySeverity = object(summary.findings, 'summary.findings');
  const named = optString(doc.repository, 'repository');
  const repository = named === undefined ? undefined : repositoryNameOption(named);
  if (named !== undefined && repository === undefined) throw new Invalid('repository: expected a repository name such as owner/name');
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'dbt-token-scan', version: string(doc.tool.version, 'tool.version') },
    findings: array(doc.findings, 'findings').map((f, i) => finding(f, `findings[${i}]`, false)),
    suppressed: doc.suppressed === undefined ? [] : array(doc.suppressed, 'suppressed').map((f, i) => finding(f, `suppressed[${i}]`, true)),
    callSites: array(doc.callSites, 'callSites').map((c, i) => callSite(c, `callSites[${i}]`)),
    errors: array(doc.errors, 'errors').map((e, i) => scanError(e, `errors[${i}]`)),
    summary: defined({
      filesScanned: count(summary.filesScanned, 'summary.filesScanned'),
      callSites: count(summary.callSites, 'summary.callSites'),
      findings: {
        error: count(bySeverity.error, 'summary.findings.error'),
        warning: count(bySeverity.warning, 'summary.findings.warning'),
        note: count(bySeverity.note, 'summary.findings.note'),
      },
      suppressed: optCount(summary.suppressed, 'summary.suppressed'),
    }),
    rules: [],
    snippets: {},
  };
  return { ...(repository !== undefined ? { repository } : {}), report };
}

/** Reads, checks and redacts one report; a ConfigError (exit 2) names the file and the field. */
export function readReport(cwd: string, path: string): InputReport {
  const text = readInputFile(resolve(cwd, path), { shown: path, what: 'a json report', maxBytes: MAX_REPORT_BYTES, unit: 'MB' });
  if (text === undefined) throw new ConfigError(`${path}: no such file`);
  let parsed;
  try {
    parsed = parseReport(text);
  } catch (e) {
    if (e instanceof Invalid) throw new ConfigError(`${path}: ${e.message}`);
    throw e;
  }
  return {
    file: path,
    ...(parsed.repository !== undefined ? { repository: parsed.repository } : {}),
    report: outgoingReport(parsed.report),
  };
}
