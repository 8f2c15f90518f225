import type { LanguageAdapter } from '../adapter.js';
import type { FileFacts, RawCallSite, RawCredential } from '../../model/raw-facts.js';
import type { CiYamlDocument, YamlNode } from '../shared/yaml-documents/document.js';
import { extractPipelineFile } from '../shared/ci-yaml/pipeline-file.js';
import { fileSpan } from '../shared/embedded-shell/shell-facts.js';
import { isPlaceholderValue } from '../../credentials/placeholders.js';
import { hostOfSetting, isDbtCloudId } from '../../classify/endpoint.js';
import { DEFAULT_API_HOST } from '../../classify/access-hosts.js';

// A Pulumi stack's settings (`Pulumi.<stack>.yaml`): `config: dbtcloud:token` configures the
// stack's default dbt Cloud provider (pulumi/pulumi-dbtcloud, the Terraform provider bridged),
// which every dbt Cloud resource of the program uses: the site where its token enters, as a
// Terraform provider block is. An encrypted value (`secure: AAAB…`) is a secret of the stack; a
// plain one is written here. The stack's name says whether it is production (`Pulumi.dev.yaml`).

const STAGING_STACK = /(?:^|[.-])(?:dev|develop|development|staging|stage|stg|test|qa|sandbox|sbx|local)(?:[.-]|$)/i;

export const adapter: LanguageAdapter = {
  id: 'pulumi-stack',
  extract(file, ctx) {
    return extractPipelineFile(file, ctx, {
      // A stack's settings configure a provider; nothing here runs as a pipeline.
      isPipeline: () => false,
      readDocument: async (doc, root, facts) => stackFacts(doc, root, facts, file.path),
    });
  },
};

/** The stack's `dbtcloud:token`: the default provider's token, where it enters. */
function stackFacts(doc: CiYamlDocument, root: YamlNode, facts: FileFacts, path: string): void {
  const config = doc.value(root, 'config');
  const token = doc.get(config, 'dbtcloud:token');
  if (!token) return;
  const secure = doc.value(token.value, 'secure');
  const text = doc.str(token.value);
  const span = doc.valueSpan(secure ?? token.value) ?? doc.span(token.pair);
  if (!span) return;
  let credential: RawCredential;
  if (secure) credential = { source: 'secret', name: 'dbtcloud:token', span: fileSpan(span) };
  else if (text !== undefined && text.trim() !== '' && !isPlaceholderValue(text))
    credential = { source: 'literal', name: 'dbtcloud:token', value: text.trim(), span: fileSpan(span) };
  else return;
  const host = hostOfSetting(doc.str(doc.value(config, 'dbtcloud:hostUrl')) ?? '')?.toLowerCase() ?? DEFAULT_API_HOST;
  const stack = /Pulumi\.([\w.-]+)\.ya?ml$/.exec(path)?.[1] ?? '';
  const site: RawCallSite = {
    kind: 'terraform',
    span: fileSpan(doc.span(token.pair) ?? span),
    endpoint: { host, url: `https://${host}` },
    credential,
    client: 'pulumi-dbtcloud',
    workflow: STAGING_STACK.test(stack) ? 'terraform-staging' : 'terraform-production',
  };
  const account = doc.str(doc.value(config, 'dbtcloud:accountId'))?.trim();
  if (account && isDbtCloudId(account)) site.accountIds = [account];
  facts.callSites.push(site);
  if (credential.source === 'literal') facts.credentialSites.push({ span: credential.span!, credential: { ...credential } });
}
