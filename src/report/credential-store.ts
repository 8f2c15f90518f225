import { isTemplateFileName } from '../credentials/placeholders.js';
import { isDotenvPath } from '../discover/dotenv-names.js';
import type { ReportCallSite } from '../model/report.js';
import { CLOUD_BUILD_FILE } from '../adapters/cloud-build/descriptor.js';
import { PULUMI_STACK_FILE } from '../adapters/pulumi-stack/descriptor.js';

// Where a credential lives, in the words of the team that must change it: "GitHub Actions secret",
// "Airflow connection", "Terraform variable", "env file". Only what the facts say is used (the
// credential's source, the call site's file and client, the file that decided the type); when they
// do not say more, the label stays generic ("CI secret", "configuration") rather than guess.

type StoreKind =
  | 'committed'
  | 'literal'
  | 'ci-secret'
  | 'secret-store'
  | 'environment'
  | 'env-file'
  | 'env-template'
  | 'airflow-connection'
  | 'prefect-block'
  | 'dbt-cloud-cli-config'
  | 'mcp-config'
  | 'kubernetes'
  | 'compose'
  | 'configuration'
  | 'terraform-variable'
  | 'postman-variable'
  | 'variable'
  | 'unknown';

export interface CredentialStore {
  kind: StoreKind;
  /** Never empty: "GitHub Actions secret", "environment variable", "committed token", "literal value". */
  label: string;
  /** The file that holds the value, when it is in the repository (an env file, a committed literal). */
  file?: string;
}

const base = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** The CI system whose secret store a `secret` comes from, told by the file that reads it. */
function ciSecretLabel(file: string): string | undefined {
  if (/(^|\/)\.github\/(workflows|actions)\//.test(file) || /^action\.ya?ml$/.test(base(file))) return 'GitHub Actions secret';
  if (/^\.gitlab-ci\.ya?ml$/.test(base(file)) || /(^|\/)\.gitlab\//.test(file)) return 'GitLab CI/CD variable';
  if (/^Jenkinsfile/.test(base(file))) return 'Jenkins credential';
  if (/(^|\/)\.circleci\//.test(file)) return 'CircleCI environment variable';
  if (/^bitbucket-pipelines\.ya?ml$/.test(base(file))) return 'Bitbucket Pipelines variable';
  if (/^azure-pipelines.*\.ya?ml$/.test(base(file))) return 'Azure Pipelines secret variable';
  if (CLOUD_BUILD_FILE.test(file)) return 'Cloud Build secret (Secret Manager)';
  if (PULUMI_STACK_FILE.test(file)) return 'Pulumi stack secret';
  return undefined;
}

/** `.env`, `.env.production`, `config/runtime.env`; not the templates people copy from. */
function isEnvFile(file: string): boolean {
  const name = base(file);
  return isDotenvPath(name) && !isTemplateFileName(name);
}

/** `.env.example`: it lists the variable; the value lives in the copy each machine makes. */
const isEnvTemplate = (file: string): boolean => isDotenvPath(base(file)) && isTemplateFileName(base(file));

const AIRFLOW_CLIENT = /^(DbtCloud\w*(Operator|Sensor|Hook)|HttpHook|airflow-connection)$/;

export function storeOf(site: ReportCallSite, committedIn?: string): CredentialStore {
  const c = site.credential;
  const client = site.client ?? '';
  const evidenceFile = c.evidenceAt?.file;
  switch (c.source) {
    case 'literal':
      if (committedIn !== undefined) return { kind: 'committed', label: 'committed token', file: committedIn };
      return { kind: 'literal', label: 'literal value', file: site.file };
    case 'secret': {
      const ci = ciSecretLabel(site.file) ?? (evidenceFile !== undefined ? ciSecretLabel(evidenceFile) : undefined);
      if (ci) return { kind: 'ci-secret', label: ci };
      if (client === 'kubernetes') return { kind: 'kubernetes', label: 'Kubernetes secret' };
      if (client === 'databricks-app') return { kind: 'secret-store', label: 'Databricks secret' };
      // The contract's `secret` is a CI secret store; a file we cannot place says no more than that.
      return { kind: 'ci-secret', label: 'CI secret' };
    }
    case 'env':
      if (evidenceFile !== undefined && isEnvFile(evidenceFile))
        return { kind: 'env-file', label: 'env file variable', file: evidenceFile };
      return { kind: 'environment', label: 'environment variable' };
    case 'config':
      if (AIRFLOW_CLIENT.test(client) || (evidenceFile !== undefined && base(evidenceFile) === 'airflow_settings.yaml')) {
        return { kind: 'airflow-connection', label: 'Airflow connection' };
      }
      if (client.startsWith('prefect')) return { kind: 'prefect-block', label: 'Prefect block' };
      if (client === 'dbt Cloud CLI' || base(site.file) === 'dbt_cloud.yml')
        return { kind: 'dbt-cloud-cli-config', label: 'dbt Cloud CLI config value', file: site.file };
      if (isEnvFile(site.file)) return { kind: 'env-file', label: 'env file variable', file: site.file };
      if (isEnvTemplate(site.file)) return { kind: 'env-template', label: 'environment variable', file: site.file };
      if (client === 'mcp-client') return { kind: 'mcp-config', label: 'MCP client config variable', file: site.file };
      if (client === 'kubernetes') return { kind: 'kubernetes', label: 'Kubernetes config' };
      if (client === 'docker-compose') return { kind: 'compose', label: 'Docker Compose environment variable', file: site.file };
      return { kind: 'configuration', label: 'configuration value' };
    case 'variable':
      if (site.kind === 'terraform' || /\.tf(\.json|vars)?$/.test(site.file) || /^(hashicorp|dbt-labs)\//.test(client)) {
        return { kind: 'terraform-variable', label: 'Terraform variable' };
      }
      if (client === 'Postman') return { kind: 'postman-variable', label: 'Postman variable' };
      if (client === 'Bruno') return { kind: 'variable', label: 'Bruno environment variable' };
      if (client === 'HTTP client file') return { kind: 'variable', label: 'HTTP client environment variable' };
      return { kind: 'variable', label: 'variable' };
    default:
      return { kind: 'unknown', label: 'credential' };
  }
}
