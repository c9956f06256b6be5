/**
 * The clouds the core knows, one folder each (clouds/<cloud>/). The first is
 * the cloud of files whose format names none (Dockerfiles, .env, app config
 * and Kubernetes manifests are attributed with AWS's model). Reports, hovers
 * and the language server look a cloud up here by the id an analysis carries.
 */
import type { Cloud } from '../engine/cloud';
import { aws } from './aws';
import { azure } from './azure';

export const CLOUDS: readonly Cloud[] = [aws, azure];

/** The cloud with this id; none (an analysis of a file no format claimed) or an unknown one (a newer report) is the default cloud. */
export function cloudById(id: string | undefined): Cloud {
  return CLOUDS.find((cloud) => cloud.id === id) ?? CLOUDS[0];
}

/** A row's title in the cloud's matrix; an id the matrix does not know (from a newer report) is shown as is. */
export function rowTitle(row: string, cloud?: string): string {
  for (const candidate of [cloudById(cloud), ...CLOUDS]) {
    const found = candidate.rows.find((own) => own.id === row);
    if (found) return found.title;
  }
  return row;
}
