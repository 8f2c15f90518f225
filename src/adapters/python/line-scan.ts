import type { FileFacts, RawCallSite } from '../../model/raw-facts.js';
import { accountIdsInPath, recognizeDbtCloudUrl } from '../../classify/endpoint.js';
import type { MapPos } from './credentials.js';
import { cutMessage, MAX_SCANNED_SITES_PER_FILE } from '../../facts/limits.js';
import { noteCut } from '../extraction-limits.js';

// For files too big to parse (> 2 MB, or minified lines): a bounded line scan that still finds
// literal dbt Cloud API URLs passed to a request call, and orchestrator imports.

const MAX_LINE_SCAN = 20_000;
const URL_RE = /https?:\/\/[A-Za-z0-9.-]{1,200}\.(?:getdbt|dbt)\.com(?::\d{1,5})?\/[^\s"'<>)\]}\\]{0,500}/g;
const CALL_RE = /\.(?:get|post|put|patch|delete|request|urlopen)\s*\(|urlopen\s*\(/;
const OPERATOR_RE =
  /\b((?:DbtCloudRunJobOperator|DbtCloudJobRunSensor)(?:Async)?|DbtCloudGetJobRunArtifactOperator|DbtCloudListJobsOperator|dbtCloudClient|(?:Async|Sync)?SemanticLayerClient)\s*\(/;
/**
 * Top-level packages of schedulers and data platforms that run a module importing them on their
 * schedule: its calls are orchestrator calls (Shipyard and Keboola blueprints, Windmill scripts
 * too). Prefixes (`airflow_dbt`, `dagster_dbt`, `prefect_dbt`, `shipyard_api`) belong to them too.
 * Task queues, workflow engines and in-process schedulers (Celery tasks and beat, Dramatiq, Huey
 * and RQ workers, Temporal activities and workers, APScheduler and `schedule` jobs) and AWS Glue
 * job scripts run on servers on a schedule as well.
 */
const ORCHESTRATOR_PACKAGES =
  'airflow|dagster|prefect|metaflow|flytekit|luigi|mage_ai|kestra|shipyard|keboola|fivetran_connector_sdk|wmill|celery|dramatiq|huey|rq|temporalio|apscheduler|schedule|awsglue';

/** A module's top-level import name that is an orchestrator's package. */
export const ORCHESTRATOR_ROOT = new RegExp(`^(?:${ORCHESTRATOR_PACKAGES})(?:_|$)`);

export const ORCHESTRATOR_IMPORT = new RegExp(`^\\s*(?:from|import)\\s+(?:${ORCHESTRATOR_PACKAGES})(?:_\\w*)?\\b`);

export function scanPythonLines(text: string, mapPos: MapPos): Pick<FileFacts, 'callSites' | 'role'> {
  const callSites: RawCallSite[] = [];
  let role: FileFacts['role'];
  let lineNo = 0;
  let cutAt = 0;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    const line = text.slice(start, Math.min(end, start + MAX_LINE_SCAN));
    start = end + 1;
    if (line.trimStart().startsWith('#')) continue;
    if (!role && ORCHESTRATOR_IMPORT.test(line)) role = 'orchestrator';
    if (callSites.length >= MAX_SCANNED_SITES_PER_FILE) {
      // Only the role is still looked for; whether more calls follow, the line they stop at says.
      if (!cutAt)
        noteCut(
          cutMessage(
            'dbt Cloud call sites found line by line in this Python',
            MAX_SCANNED_SITES_PER_FILE,
            undefined,
            `none read after line ${(cutAt = lineNo) - 1}`,
          ),
        );
      if (role) break;
      continue;
    }
    const op = OPERATOR_RE.exec(line);
    if (op) {
      callSites.push({
        kind: 'sdk',
        span: mapPos(lineNo, op.index + 1),
        client: op[1],
        endpoint: { host: op[1]!.endsWith('SemanticLayerClient') ? 'semantic-layer.cloud.getdbt.com' : 'cloud.getdbt.com' },
      });
      continue;
    }
    if (!CALL_RE.test(line)) continue;
    URL_RE.lastIndex = 0;
    const m = URL_RE.exec(line);
    const endpoint = m ? recognizeDbtCloudUrl(m[0]) : undefined;
    if (!m || !endpoint) continue;
    const site: RawCallSite = { kind: 'http', span: mapPos(lineNo, callStart(line, m.index) + 1), endpoint };
    const accounts = accountIdsInPath(endpoint.path);
    if (accounts.length > 0) site.accountIds = accounts;
    callSites.push(site);
  }
  return { callSites, role };
}

/** Where the call holding the URL at `urlAt` starts: `requests.post(` before it, else the URL. */
function callStart(line: string, urlAt: number): number {
  const before = line.slice(Math.max(0, urlAt - 200), urlAt);
  const offset = Math.max(0, urlAt - 200);
  const open = before.lastIndexOf('(');
  if (open < 0) return urlAt;
  let i = open;
  while (i > 0 && /[\w.]/.test(before[i - 1]!)) i--;
  return i < open ? offset + i : urlAt;
}
