/** Command and view ids, in one place (mirrors `contributes.commands`). */
export const Commands = {
  showMatrix: 'responsibilityLens.showMatrix',
  showFileMatrix: 'responsibilityLens.showFileMatrix',
  exportMatrix: 'responsibilityLens.exportMatrix',
  scanWorkspace: 'responsibilityLens.scanWorkspace',
  clearWorkspaceResults: 'responsibilityLens.clearWorkspaceResults',
  showLog: 'responsibilityLens.showLog',
  listSuppressions: 'responsibilityLens.listSuppressions',
  /** Internal (not in the palette): run by the suppression quick fix to put the cursor at the reason. */
  placeCursor: 'responsibilityLens.placeCursor',
} as const;

export const MATRIX_VIEW_TYPE = 'responsibilityLens.matrix';
export const DIAGNOSTIC_SOURCE = 'Responsibility Lens';

/** Context keys for `when` clauses in package.json. */
export const ContextKeys = {
  /** The active editor holds a file some format analyses. */
  activeFileAnalysed: 'responsibilityLens.activeFileAnalysed',
  /** A workspace scan has stored results. */
  hasScanResults: 'responsibilityLens.hasScanResults',
} as const;

/** What the matrix panel is opened on (the CodeLens and status bar pass one). */
export interface MatrixTarget {
  /** Document URI, as a string. */
  file?: string;
  /** A resource's logical id in that file. */
  resource?: string;
}
