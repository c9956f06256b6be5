/**
 * Command ids that both sides name: the server puts them in CodeLens and code
 * actions, the client registers them (src/extension/commands.ts re-exports
 * these with the client-only ids). Mirrors `contributes.commands`.
 */
import type { CloudId } from '../core/types';

export const Commands = {
  showMatrix: 'responsibilityLens.showMatrix',
  showFileMatrix: 'responsibilityLens.showFileMatrix',
  exportMatrix: 'responsibilityLens.exportMatrix',
  scanWorkspace: 'responsibilityLens.scanWorkspace',
  clearWorkspaceResults: 'responsibilityLens.clearWorkspaceResults',
  showLog: 'responsibilityLens.showLog',
  listSuppressions: 'responsibilityLens.listSuppressions',
  /** The Findings view's title action: group by rule, severity, file or owner (optional argument: which). */
  groupFindingsBy: 'responsibilityLens.groupFindingsBy',
  /**
   * Internal (not in the palette), run by the server (`workspace/executeCommand`):
   * after "Suppress … with a reason" it moves the cursor to the reason with `window/showDocument`.
   */
  placeCursor: 'responsibilityLens.placeCursor',
  /**
   * Internal, run by the server: after a quick fix that leaves something to fill in (the
   * parameter a `0.0.0.0/0` fix introduced, a secret's name) it selects that range.
   */
  select: 'responsibilityLens.select',
  /** Internal: a hover's "Details" link (arguments: document URI, position) opens the whole card beside the editor. */
  showHoverDetails: 'responsibilityLens.showHoverDetails',
} as const;

/** The `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'Responsibility Lens';

/** What the matrix panel is opened on (the CodeLens and status bar pass one). */
export interface MatrixTarget {
  /** Document URI, as a string. */
  file?: string;
  /** A resource's logical id in that file. */
  resource?: string;
  /** The cloud whose matrix to show (the file's); absent: the one the panel shows, or the workspace's first. */
  cloud?: CloudId;
}
