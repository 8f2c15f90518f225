import type { LanguageAdapter } from '../adapter.js';
import { emptyFacts, type FileFacts, type RawCallSite, type RawCredential } from '../../model/raw-facts.js';
import { failureProblem, loadCiYaml } from '../shared/yaml-documents/document.js';
import { tooLargeProblem } from '../shared/ci-yaml/yaml-steps.js';
import { fileSpan } from '../shared/embedded-shell/shell-facts.js';
import { isPlaceholderValue } from '../../credentials/placeholders.js';
import { hostOfSetting, isDbtCloudId } from '../../classify/endpoint.js';

// A Pulumi stack's settings (`Pulumi.<stack>.yaml`): `config: dbtcloud:token` configures the
// stack's default dbt Cloud provider (pulumi/pulumi-dbtcloud, the Terraform provider bridged),
// which every dbt Cloud resource of the program uses: the site where its token enters, as a
// Terraform provider block is. An encrypted value (`secure: AAAB…`) is a secret of the stack; a
// plain one is written here. The stack's name says whether it is production (`Pulumi.dev.yaml`).

const DEFAULT_HOST = 'cloud.getdbt.com';
const STAGING_STACK = /(?:^|[.-])(?:dev|develop|development|staging|stage|stg|test|qa|sandbox|sbx|local)(?:[.-]|$)/i;

export const adapter: LanguageAdapter = {
  id: 'pulumi-stack',
  async extract(file) {
    const facts: FileFacts = emptyFacts();
    const large = tooLargeProblem(file.text);
    if (large) {
      facts.problems.push(large);
      return facts;
    }
    try {
      const { docs, problems } = await loadCiYaml(file.text);
      facts.problems.push(...problems);
      for (const doc of docs) {
        const config = doc.value(doc.root, 'config');
        const token = doc.get(config, 'dbtcloud:token');
        if (!token) continue;
        const secure = doc.value(token.value, 'secure');
        const text = doc.str(token.value);
        const span = doc.valueSpan(secure ?? token.value) ?? doc.span(token.pair);
        if (!span) continue;
        let credential: RawCredential;
        if (secure) credential = { source: 'secret', name: 'dbtcloud:token', span: fileSpan(span) };
        else if (text !== undefined && text.trim() !== '' && !isPlaceholderValue(text))
          credential = { source: 'literal', name: 'dbtcloud:token', value: text.trim(), span: fileSpan(span) };
        else continue;
        const host = hostOfSetting(doc.str(doc.value(config, 'dbtcloud:hostUrl')) ?? '')?.toLowerCase() ?? DEFAULT_HOST;
        const stack = /Pulumi\.([\w.-]+)\.ya?ml$/.exec(file.path)?.[1] ?? '';
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
    } catch (err) {
      facts.problems.push(...failureProblem(err));
    }
    return facts;
  },
};
