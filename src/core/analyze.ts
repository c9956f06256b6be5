/** The one entry point every consumer uses: text in, plain analysis out. */
import type { Analysis } from './types';
import { FORMATS } from './formats';

/** Files above this size get a notice instead of analysis (about 100,000 lines of template). */
export const MAX_ANALYSED_CHARS = 5_000_000;

const NOT_OURS: Analysis = Object.freeze({ kind: undefined, settings: [], findings: [], errors: [], resources: [] }) as Analysis;

export function analyze(text: string, fileName: string): Analysis {
  const head = text.slice(0, 200_000);
  const format = FORMATS.find((candidate) => candidate.claims(fileName, head));
  if (!format) return NOT_OURS;
  if (text.length > MAX_ANALYSED_CHARS) {
    const size = (text.length / 1_000_000).toFixed(1);
    return notice(format.kind, `File is too large to analyse (${size} MB; the limit is ${MAX_ANALYSED_CHARS / 1_000_000} MB).`);
  }
  if (head.includes('\u0000')) return notice(format.kind, 'File looks binary; it was not analysed.');
  return format.analyze(text, fileName);
}

function notice(kind: Analysis['kind'], message: string): Analysis {
  return { ...NOT_OURS, kind, errors: [{ span: { offset: 0, length: 0 }, message }] };
}
