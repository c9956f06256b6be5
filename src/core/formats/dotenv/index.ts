/** `.env` files, recognised by name. */
import type { Format } from '../../engine/format';
import { analyzeDotenv, isDotenvName } from './analyze';

export const dotenv: Format = {
  kind: 'dotenv',
  claims: isDotenvName,
  analyze: analyzeDotenv,
  matchesName: isDotenvName,
};
