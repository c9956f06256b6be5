/**
 * Where a rule id in the Problems panel links to: the rule's page of the rule
 * reference (docs/rules/<rule-id>.md). Where the reference is published
 * (package.json names a repository), the finding's docUrl already is that
 * page. Until then, the page shipped next to the bundle (in the .vsix, and in
 * the npm package for `lsp --stdio`) as a `file:` URI, which VS Code opens
 * like any file; when it is missing, the finding's own AWS page. Never a link
 * to a page that does not exist.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { ruleDocsBase } from '../core/clouds/aws/knowledge';
import type { Finding } from '../core/types';

export class RulePages {
  private readonly known = new Map<string, string | undefined>();

  /** `dir`: the folder of the shipped pages (`<extension>/docs/rules`). */
  constructor(private readonly dir: string) {}

  /** The page a finding's rule id links to. */
  href(finding: Pick<Finding, 'ruleId' | 'docUrl'>): string {
    if (ruleDocsBase) return finding.docUrl;
    return this.localPage(finding.ruleId) ?? finding.docUrl;
  }

  /** The shipped page of a rule as a `file:` URI, if it is there. */
  localPage(ruleId: string): string | undefined {
    if (!this.known.has(ruleId)) {
      const file = /^[a-z0-9][a-z0-9-]*$/.test(ruleId) ? path.join(this.dir, `${ruleId}.md`) : undefined;
      this.known.set(ruleId, file && existsSync(file) ? URI.file(file).toString() : undefined);
    }
    return this.known.get(ruleId);
  }
}

/** The rule reference next to a bundle in dist/: `<package>/docs/rules`. */
export function rulePagesDir(bundleDir: string): string {
  return path.join(bundleDir, '..', 'docs', 'rules');
}
