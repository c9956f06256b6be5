/** What sits at an offset of an analysed document, for hovers. */
import type { Analysis, Finding, ResourceInfo, Setting } from './types';

export interface HoverTarget {
  setting?: Setting;
  resource?: ResourceInfo;
  findings: Finding[];
}

export function targetAt(analysis: Analysis, offset: number): HoverTarget | undefined {
  const resource = analysis.resources.find((candidate) => within(candidate.typeSpan, offset) || within(candidate.key, offset));
  const findings = analysis.findings.filter((finding) => within(finding.span, offset));
  if (resource) return { resource, findings };
  const setting = innermostSetting(analysis.settings, offset);
  if (!setting && !findings.length) return undefined;
  return { setting, findings };
}

/**
 * Settings are sorted by key offset. The innermost setting containing the
 * offset is the last one starting at or before it whose span still covers it.
 */
function innermostSetting(settings: Setting[], offset: number): Setting | undefined {
  let low = 0;
  let high = settings.length - 1;
  let last = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (settings[middle].key.offset <= offset) {
      last = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  for (let index = last; index >= 0; index--) if (within(settings[index].span, offset)) return settings[index];
  return undefined;
}

function within(span: { offset: number; length: number }, offset: number): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}
