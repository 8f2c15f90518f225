import type { FileFacts, RawCredential, Span } from '../../../model/raw-facts.js';
import { emptyFacts } from '../../../model/raw-facts.js';

/** A script's text and where each of its positions is in the file (an EmbeddedScript, a Jenkinsfile step's string). */
interface PlacedScript {
  readonly text: string;
  readonly isEmpty: boolean;
  toFile(line: number, column: number): { line: number; column: number };
}

// A PowerShell body in a CI file (Azure's `- powershell:` and `PowerShell@2` inline, a GitHub
// step with `shell: pwsh`): read line by line as a `.ps1` file is (`Invoke-RestMethod -Uri …
// -Headers @{ Authorization = "Token $(X)" }`; a Jenkins `powershell` step), its facts placed in the CI file. `credentialOf`
// turns what a line names (`$(X)`, `${X}`) into what the CI file binds it to.

export async function powershellBodyFacts(script: PlacedScript, credentialOf: (named: RawCredential) => RawCredential): Promise<FileFacts> {
  if (script.isEmpty) return emptyFacts();
  const [{ syntaxFor }, { scanLinesForFacts }] = await Promise.all([
    import('../line-facts/syntaxes.js'),
    import('../line-facts/line-facts.js'),
  ]);
  const found = syntaxFor('step.ps1');
  if (!found) return emptyFacts();
  const scanned = scanLinesForFacts(script.text, found);
  const place = (span: Span): Span => script.toFile(span.line, span.column);
  const bound = (c: RawCredential): RawCredential => credentialOf({ ...c, ...(c.span ? { span: place(c.span) } : {}) });
  const facts = emptyFacts();
  for (const c of scanned.callSites)
    facts.callSites.push({ ...c, span: place(c.span), ...(c.credential ? { credential: bound(c.credential) } : {}) });
  for (const c of scanned.credentialSites) facts.credentialSites.push({ ...c, span: place(c.span), credential: bound(c.credential) });
  return facts;
}
