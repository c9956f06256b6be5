/** Azure as the reports, hovers and the language server see a cloud (engine/cloud.ts). */
import type { Cloud } from '../../engine/cloud';
import { azureCell, azureMatrix, azureRules, azureServices } from './knowledge';
import { azureMatrixSpec } from './matrix';

export const azure: Cloud = {
  id: 'azure',
  name: 'Microsoft Azure',
  provider: 'microsoft',
  providerName: 'Microsoft',
  modelName: 'Microsoft shared responsibility model',
  models: azureMatrix.models.map((model) => ({ id: model.id, title: model.title })),
  rows: azureMatrix.rows.map((row) => ({ id: row.id, title: row.title, origin: 'table' })),
  cell: (row, model) => azureCell(row, model),
  rules: azureRules,
  serviceName: (service) => azureServices.services[service]?.name,
  serviceRationale: (service) => azureServices.services[service]?.rationale,
  matrix: azureMatrixSpec,
};
