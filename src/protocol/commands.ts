/**
 * Command ids that both sides name: the server puts them in CodeLens and code
 * actions, the client registers them (src/extension/commands.ts re-exports
 * these with the client-only ids). Mirrors `contributes.commands`.
 */
export const Commands = {
  showMatrix: 'responsibilityLens.showMatrix',
  showFileMatrix: 'responsibilityLens.showFileMatrix',
  exportMatrix: 'responsibilityLens.exportMatrix',
  scanWorkspace: 'responsibilityLens.scanWorkspace',
  clearWorkspaceResults: 'responsibilityLens.clearWorkspaceResults',
  showLog: 'responsibilityLens.showLog',
  listSuppressions: 'responsibilityLens.listSuppressions',
  /**
   * Internal (not in the palette), run by the server (`workspace/executeCommand`):
   * after "Suppress … with a reason" it moves the cursor to the reason with `window/showDocument`.
   */
  placeCursor: 'responsibilityLens.placeCursor',
} as const;

/** The `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'Responsibility Lens';

/** What the matrix panel is opened on (the CodeLens and status bar pass one). */
export interface MatrixTarget {
  /** Document URI, as a string. */
  file?: string;
  /** A resource's logical id in that file. */
  resource?: string;
}
