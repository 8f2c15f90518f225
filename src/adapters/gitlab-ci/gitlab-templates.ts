import type { CiYamlDocument, YamlNode } from '../shared/yaml-documents/document.js';

// GitLab's own CI templates and components live on GitLab, not in the repository, so their jobs'
// scripts are not there to read. What their Terraform jobs run is known and written here: a job
// extending `.terraform:deploy` of `include: - template: Terraform/Base.gitlab-ci.yml` applies
// the configuration in `$TF_ROOT` with the pipeline's variables (`DBT_CLOUD_TOKEN` for the
// dbtcloud provider), as `cd "$TF_ROOT" && gitlab-terraform apply` written in the job would.

/** A command a template runs for a job of the scanned file, written at `node`. */
export interface ImpliedCommand {
  /** The shell text, given the names the job's variables set. */
  command: (variables: ReadonlySet<string>) => string;
  node: YamlNode;
}

/** A job a template or component adds to the pipeline by being included. */
export interface ImpliedJob extends ImpliedCommand {
  name: string;
}

/** `Terraform/Base.gitlab-ci.yml`, `Terraform.latest.gitlab-ci.yml`, … (the whole pipeline or its job templates). */
const TERRAFORM_TEMPLATE = /^Terraform(\/Base)?(?:\.latest)?\.gitlab-ci\.ya?ml$/;
/** OpenTofu's CI component: `$CI_SERVER_FQDN/components/opentofu/full-pipeline@0.50.0`. */
const OPENTOFU_COMPONENT = /\/components\/opentofu\/(full-pipeline|apply)@/;

/** The base template's hidden jobs that reach the provider, and the sub-command each runs. */
const TERRAFORM_BASE_JOBS: ReadonlyMap<string, string> = new Map([
  ['.terraform:build', 'plan'],
  ['.terraform:deploy', 'apply'],
  ['.terraform:destroy', 'destroy'],
]);

/** The root module's folder: `TF_ROOT` when the pipeline sets it, the project's folder as the template defaults it. */
const terraformRun = (sub: string) => (variables: ReadonlySet<string>) =>
  `cd "${variables.has('TF_ROOT') ? '${TF_ROOT}' : '${CI_PROJECT_DIR}'}" && gitlab-terraform ${sub}`;

export class GitlabTemplates {
  private terraformBase = false;
  private readonly jobs: ImpliedJob[] = [];

  constructor(doc: CiYamlDocument) {
    const include = doc.value(doc.root, 'include');
    for (const item of doc.isSeq(include) ? doc.items(include) : include ? [include] : []) {
      const template = TERRAFORM_TEMPLATE.exec(doc.str(doc.value(item, 'template')) ?? '');
      if (template) {
        this.terraformBase = true;
        // The whole-pipeline template adds its own `deploy` job, extending `.terraform:deploy`.
        if (!template[1]) this.jobs.push({ name: 'deploy', node: item, command: terraformRun('apply') });
        continue;
      }
      const component = doc.str(doc.value(item, 'component'));
      if (component === undefined || !OPENTOFU_COMPONENT.test(component)) continue;
      const root = doc.str(doc.value(doc.value(item, 'inputs'), 'root_dir'));
      const folder = root !== undefined && /^[\w./${}-]{1,200}$/.test(root) ? root : '${CI_PROJECT_DIR}';
      this.jobs.push({ name: 'apply', node: item, command: () => `cd "${folder}" && gitlab-tofu apply` });
    }
  }

  /** What a job of the file runs by extending a template's job it does not define itself (`extends: .terraform:deploy`). */
  commandFor(unresolvedBases: readonly string[], node: YamlNode): ImpliedCommand | undefined {
    if (!this.terraformBase) return undefined;
    const sub = unresolvedBases.map((b) => TERRAFORM_BASE_JOBS.get(b)).find((s) => s !== undefined);
    return sub ? { node, command: terraformRun(sub) } : undefined;
  }

  /** Jobs the included templates and components add, unless the file defines a job of that name. */
  impliedJobs(defined: ReadonlySet<string>): ImpliedJob[] {
    return this.jobs.filter((j) => !defined.has(j.name));
  }
}
