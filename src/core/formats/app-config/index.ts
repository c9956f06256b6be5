/** Application configuration (Spring, ASP.NET, Node config), recognised by name. */
import type { Format } from '../../engine/format';
import { analyzeAppConfig, appConfigFlavour, claimsAppConfig } from './analyze';

export const appConfig: Format = {
  kind: 'app-config',
  claims: claimsAppConfig,
  analyze: analyzeAppConfig,
  matchesName: (fileName) => appConfigFlavour(fileName) !== undefined,
};
