/**
 * The official SARIF 2.1.0 schema (vendored under test/vendor/sarif, see its
 * README) compiled with ajv. The schema is draft-04; ajv 8 validates it in its
 * default dialect once the draft-04 `id` is renamed `$id` (no keyword the
 * schema uses differs between the drafts otherwise). Patterns are compiled
 * as plain (non-Unicode) ECMAScript regexes, as draft-04 specifies.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { ROOT } from './helpers';

let validator: ValidateFunction | undefined;

export function sarifValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/vendor/sarif/sarif-2.1.0-rtm.5.json'), 'utf8'));
  schema.$id = schema.id;
  delete schema.id;
  delete schema.$schema;
  // The schema's `language` pattern ("…[a-zA-Z]{2}]?$") is only valid as a non-Unicode ECMAScript regex.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // The three formats the schema names (ajv-formats is not installed).
  ajv.addFormat('uri', /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i);
  validator = ajv.compile(schema);
  return validator;
}

export function sarifErrors(log: unknown): string {
  const validate = sarifValidator();
  return validate(log) ? '' : JSON.stringify(validate.errors?.slice(0, 5), null, 2);
}
