/** Small helpers the report formats (text, Markdown, CSV, SARIF) share. */
import { matrix } from '../clouds/aws/knowledge';
import { rowTitle as cloudRowTitle } from '../clouds';
import type { FileReport } from './report';

/** A row's title in the file's cloud; an id no matrix knows (from a newer report) is shown as is. */
export function rowTitle(id: string, cloud?: string): string {
  return cloudRowTitle(id, cloud);
}

export interface OwnerCounts {
  customer: number;
  shared: number;
  aws: number;
  findings: number;
}

/** Settings per row and owner, and findings per row, over a set of file reports. */
export function countByRow(files: FileReport[]): Map<string, OwnerCounts> {
  const counts = new Map<string, OwnerCounts>(matrix.rows.map((row) => [row.id, { customer: 0, shared: 0, aws: 0, findings: 0 }]));
  const at = (row: string) => {
    let entry = counts.get(row);
    if (!entry) counts.set(row, (entry = { customer: 0, shared: 0, aws: 0, findings: 0 }));
    return entry;
  };
  for (const file of files) {
    // Counted in AWS's table: files of another cloud have their own matrix.
    if (file.cloud !== undefined && file.cloud !== 'aws') continue;
    for (const setting of file.settings) {
      const entry = at(setting.row);
      if (setting.owner === 'customer' || setting.owner === 'shared' || setting.owner === 'aws') entry[setting.owner]++;
    }
    for (const finding of file.findings) at(finding.row).findings++;
  }
  return counts;
}
