/** AWS as the reports, hovers and the language server see a cloud (engine/cloud.ts). */
import type { Cloud } from '../../engine/cloud';
import type { AwsRowId, AwsServiceModel } from '../../types';
import { awsRules, matrix, services } from './knowledge';

const rowIds = new Set<string>(matrix.rows.map((row) => row.id));
const modelIds = new Set<string>(matrix.models.map((model) => model.id));

export const aws: Cloud = {
  id: 'aws',
  name: 'AWS',
  provider: 'aws',
  providerName: 'AWS',
  modelName: 'AWS Shared Responsibility Model',
  models: matrix.models.map((model) => ({ id: model.id, title: model.title })),
  rows: matrix.rows.map((row) => ({ id: row.id, title: row.title, origin: row.origin })),
  cell(row, model) {
    if (!rowIds.has(row) || !modelIds.has(model)) return undefined;
    return matrix.rows.find((candidate) => candidate.id === (row as AwsRowId))!.byModel[model as AwsServiceModel];
  },
  rules: awsRules,
  serviceName: (service) => services.services[service]?.name,
};
