/** Command, view and context-key ids of the client, in one place (the ids the server uses too come from src/protocol/commands.ts). */
export { Commands, DIAGNOSTIC_SOURCE, type MatrixTarget } from '../protocol/commands';

export const MATRIX_VIEW_TYPE = 'responsibilityLens.matrix';

/** The Findings tree view in the Explorer (package.json `contributes.views`). */
export const FINDINGS_VIEW = 'responsibilityLens.findings';

/** Context keys for `when` clauses in package.json. */
export const ContextKeys = {
  /** The active editor holds a file some format analyses. */
  activeFileAnalysed: 'responsibilityLens.activeFileAnalysed',
  /** A workspace scan has stored results. */
  hasScanResults: 'responsibilityLens.hasScanResults',
  /** The Findings view lists at least one finding. */
  hasFindings: 'responsibilityLens.hasFindings',
} as const;
