/** Command and view ids, in one place (mirrors `contributes.commands`). */
export const Commands = {
  showMatrix: 'responsibilityLens.showMatrix',
} as const;

export const MATRIX_VIEW_TYPE = 'responsibilityLens.matrix';
export const DIAGNOSTIC_SOURCE = 'Responsibility Lens';
