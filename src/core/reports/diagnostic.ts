/**
 * The Problems-panel text of a finding, for the language server: the message
 * (which leads with what to do) and the matrix row. Controls are left to the
 * hover card, which lists them once with the setting's own (reports/hover.ts):
 * an editor shows the diagnostic and the card in one hover, and two lists of
 * controls there read as two different answers.
 */
import type { CloudId, Finding } from '../types';
import { rowTitle } from '../clouds';

export function diagnosticMessage(finding: Finding, cloud?: CloudId): string {
  return `${finding.message} [${rowTitle(finding.row, cloud)}]`;
}
