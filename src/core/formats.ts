/**
 * The file formats the core understands. Each claims files cheaply (name and
 * the first 200 kB of text) before anything is parsed; the first to claim a
 * file analyses it. A new format is one entry here.
 */
import type { Analysis, FileKind } from './types';
import { analyzeCloudFormation, mightBeCloudFormation } from './cloudformation';

export interface Format {
  kind: FileKind;
  claims(fileName: string, head: string): boolean;
  /** Called only for text that passed the size and binary checks. */
  analyze(text: string, fileName: string): Analysis;
}

export const FORMATS: Format[] = [
  {
    kind: 'cloudformation',
    claims: (fileName, head) => /\.(ya?ml|jsonc?|template)$/i.test(fileName) && mightBeCloudFormation(head),
    analyze: analyzeCloudFormation,
  },
];
