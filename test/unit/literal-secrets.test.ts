/**
 * literalSecrets (src/core/clouds/aws/findings.ts) on small subtrees: where a
 * secret is found (the whole entry or its own characters), the path it is
 * named by, how it is masked, name/value pairs and tags, JSON inside strings,
 * scripts, deploy-time branches and the limits on depth and count.
 */
import assert from 'node:assert/strict';
import { literalSecrets } from '../../src/core/clouds/aws/findings';
import { parseJson } from '../../src/core/parse/json';
import { parseYaml } from '../../src/core/parse/yaml';
import type { Node } from '../../src/core/parse/tree';
import { slice } from './helpers';

const KEY_ID = 'AKIAZ3MHALF2KQ7XV4PN';
const PASSWORD = 'Tr0ub4dor&3x';
/** One a shell reads whole (`&` would end it). */
const SCRIPT_PASSWORD = 'Tr0ub4dor.3x9Q';

/** Each secret of a YAML (or, starting with `{`, JSON) subtree as `path = masked [flagged text]`. */
function secrets(text: string, options: { scripts?: boolean; path?: string } = {}): string[] {
  const root = (text.startsWith('{') ? parseJson(text) : parseYaml(text)).root;
  return literalSecrets(root, options.path ?? 'Properties', { source: text, scripts: options.scripts }).map((hit) => `${hit.path} = ${hit.masked} [${slice(text, hit.span)}]`);
}

describe('literal secrets in a subtree', () => {
  describe('the whole value or its own characters', () => {
    it('a one-line value with a key id in it is flagged whole, masked to the key id', () => {
      assert.deepEqual(secrets(`Description: "key ${KEY_ID}"\n`), [`Properties.Description = AKIA************ [Description: "key ${KEY_ID}"]`]);
    });

    it('a key id that is a line of its own, or nearly, is the whole value', () => {
      assert.deepEqual(secrets(`Description: "${KEY_ID}\\n"\n`), [`Properties.Description = AKIA************ [Description: "${KEY_ID}\\n"]`]);
      assert.deepEqual(secrets(`Description: "'${KEY_ID}'\\n"\n`), [`Properties.Description = AKIA************ [Description: "'${KEY_ID}'\\n"]`]);
    });

    it('in a longer text of several lines it is flagged at its characters', () => {
      const text = `Description: |\n  first line\n  id ${KEY_ID}\n`;
      assert.deepEqual(secrets(text), [`Properties.Description = AKIA************ [${KEY_ID}]`]);
    });

    it('a value after spaces is masked without them', () => {
      assert.deepEqual(secrets(`Token: "  ${KEY_ID}  "\n`), [`Properties.Token = AKIA************ [Token: "  ${KEY_ID}  "]`]);
    });
  });

  describe('name/value pairs', () => {
    it('a pair typed as a parameter store or secrets manager entry names one, whatever it says; a type that only contains those words does not', () => {
      const pair = (type: string): string[] => secrets(`Env:\n  - {Name: DB_PASSWORD, Value: '${PASSWORD}', Type: ${type}}\n`);
      assert.deepEqual(pair('PARAMETER_STORE'), []);
      assert.deepEqual(pair('secrets_manager'), []);
      assert.equal(pair('PARAMETER_STORE_V2').length, 1);
      assert.equal(pair('OLD_SECRETS_MANAGER').length, 1);
      assert.equal(pair('PLAINTEXT').length, 1);
    });

    it('only an SSM SecureString holds a secret whatever its name', () => {
      assert.deepEqual(secrets(`P: {Name: greeting, Value: '${PASSWORD}', Type: SecureString}\n`), ['Properties.P.Value (SecureString secret) = ******** [Value: \'Tr0ub4dor&3x\']']);
      assert.deepEqual(secrets(`P: {Name: greeting, Value: '${PASSWORD}', Type: String}\n`), []);
    });

    it('a name that is not text is passed over for the next key that names the pair', () => {
      assert.deepEqual(secrets(`P: {Name: 42, Key: db_password, Value: '${PASSWORD}'}\n`), ['Properties.P.Value (db_password) = ******** [Value: \'Tr0ub4dor&3x\']']);
    });

    it('tags are labels: a Tags map or list holds no pairs, a key that only starts with Tags does', () => {
      assert.deepEqual(secrets(`Tags: {Key: db_password, Value: '${PASSWORD}'}\n`), []);
      assert.deepEqual(secrets(`Tags:\n  - {Key: db_password, Value: '${PASSWORD}'}\n`), []);
      assert.deepEqual(secrets(`TagsCatalog: {Key: db_password, Value: '${PASSWORD}'}\n`), ['Properties.TagsCatalog.Value (db_password) = ******** [Value: \'Tr0ub4dor&3x\']']);
      assert.deepEqual(secrets(`Key: db_password\nValue: '${PASSWORD}'\n`, { path: 'Tags' }), []);
      assert.deepEqual(secrets(`Key: db_password\nValue: '${PASSWORD}'\n`, { path: 'Labels' }), ['Labels.Value (db_password) = ******** [Value: \'Tr0ub4dor&3x\']']);
    });
  });

  describe('JSON written as a string', () => {
    it('its keys name its values, after leading spaces too', () => {
      assert.deepEqual(secrets(`SecretString: '{"password": "${PASSWORD}"}'\n`), [`Properties.SecretString.password = ******** ["password": "${PASSWORD}"]`]);
      assert.deepEqual(secrets(`SecretString: '  {"password": "${PASSWORD}"}'\n`), [`Properties.SecretString.password = ******** ["password": "${PASSWORD}"]`]);
    });

    it('in a !Sub with deploy-time parts, at the start or after spaces', () => {
      assert.deepEqual(secrets(`SecretString: !Sub '{"password": "${PASSWORD}", "host": "\${Host}"}'\n`), [`Properties.SecretString.password = ******** ["password": "${PASSWORD}"]`]);
      assert.deepEqual(secrets(`SecretString: !Sub ' {"password": "${PASSWORD}", "host": "\${Host}"}'\n`), [`Properties.SecretString.password = ******** ["password": "${PASSWORD}"]`]);
    });
  });

  describe('scripts', () => {
    it('a script is read for NAME=value; other text only when the subtree is read as scripts', () => {
      assert.deepEqual(secrets(`UserData: "export DB_PASSWORD=${SCRIPT_PASSWORD}"\n`), [`Properties.UserData (DB_PASSWORD) = ******** [${SCRIPT_PASSWORD}]`]);
      assert.deepEqual(secrets(`Note: "export DB_PASSWORD=${SCRIPT_PASSWORD}"\n`), []);
      assert.deepEqual(secrets(`Note: "export DB_PASSWORD=${SCRIPT_PASSWORD}"\n`, { scripts: true }), [`Properties.Note (DB_PASSWORD) = ******** [${SCRIPT_PASSWORD}]`]);
    });

    it('a key id in a script is masked to itself and named by the path alone', () => {
      assert.deepEqual(secrets(`UserData: "aws configure\\nset id ${KEY_ID} now"\n`), [`Properties.UserData = AKIA************ [${KEY_ID}]`]);
    });

    it('in a !Sub, an assignment cut by a deploy-time value is only partly known; one that ends its text is not', () => {
      const text = `UserData: !Sub "export DB_PASSWORD=${SCRIPT_PASSWORD}\${Suffix}\\nexport API_KEY=Zq8Lm2Vn7Xc4Bb9Kd3Hf"\n`;
      assert.deepEqual(secrets(text), ['Properties.UserData (API_KEY) = ******** [Zq8Lm2Vn7Xc4Bb9Kd3Hf]']);
    });
  });

  describe('deploy-time values', () => {
    it('each branch of an !If is judged; an !If that is no list is not', () => {
      assert.deepEqual(secrets(`Password: !If [Cond, '${PASSWORD}', !Ref Param]\n`), [`Properties.Password = ******** ['${PASSWORD}']`]);
      assert.deepEqual(secrets('Password: {"Fn::If": Cond}\n'), []);
      const bare: Node = { kind: 'map', entries: [{ key: 'Password', keySpan: { offset: 0, length: 8 }, value: { kind: 'unknown', name: 'Fn::If', argument: undefined, offset: 10, length: 3 }, span: { offset: 0, length: 13 } }], offset: 0, length: 13 };
      assert.deepEqual(literalSecrets(bare, 'Properties'), []);
    });

    it('Terraform’s jsonencode and dynamic blocks are read inside', () => {
      const text = `password = "${PASSWORD}"`;
      const inner: Node = {
        kind: 'map',
        entries: [{ key: 'password', keySpan: { offset: 0, length: 8 }, value: { kind: 'scalar', value: PASSWORD, offset: 12, length: PASSWORD.length }, span: { offset: 0, length: text.length } }],
        offset: 0,
        length: text.length,
      };
      for (const name of ['function:jsonencode', 'dynamic']) {
        const root: Node = { kind: 'map', entries: [{ key: 'settings', keySpan: { offset: 0, length: 0 }, value: { kind: 'unknown', name, argument: inner, offset: 0, length: text.length }, span: { offset: 0, length: text.length } }], offset: 0, length: text.length };
        assert.deepEqual(literalSecrets(root, 'p', { source: text }).map((hit) => `${hit.path} ${slice(text, hit.span)}`), [`p.settings.password ${text}`], name);
      }
    });

    it('null and true are not secrets, even under a secret’s name', () => {
      assert.deepEqual(secrets('Password: ~\nSecret: true\nToken: null\n'), []);
    });

    it('a JSON property with no value holds nothing', () => {
      assert.deepEqual(secrets('{"Password": , "Other": 1}'), []);
    });
  });

  describe('limits', () => {
    // Built by hand: parsing a deep or long YAML text would cost more than the check.
    const at = { offset: 0, length: 0 };
    const text = (value: string): Node => ({ kind: 'scalar', value, ...at });
    const map = (entries: Record<string, Node>): Node => ({ kind: 'map', entries: Object.entries(entries).map(([key, value]) => ({ key, keySpan: at, value, span: at })), ...at });
    const list = (items: Node[]): Node => ({ kind: 'seq', items, ...at });
    const count = (node: Node): number => literalSecrets(node, 'P').length;

    it('maps and lists are followed 64 levels deep, no deeper', () => {
      const nested = (levels: number, wrap: (inner: Node) => Node): Node => {
        let node = map({ password: text(PASSWORD) });
        for (let level = 0; level < levels; level++) node = wrap(node);
        return node;
      };
      assert.equal(count(nested(64, (inner) => map({ a: inner }))), 1);
      assert.equal(count(nested(65, (inner) => map({ a: inner }))), 0);
      assert.equal(count(nested(64, (inner) => list([inner]))), 1);
      assert.equal(count(nested(65, (inner) => list([inner]))), 0);
    });

    it('JSON in a string, a !Sub or a jsonencode counts as one level deeper', () => {
      const json = `{"password": "${PASSWORD}"}`;
      const wrappers: Record<string, () => Node> = {
        string: () => text(json),
        sub: () => ({ kind: 'unknown', name: 'Fn::Sub', argument: text(json), ...at }),
        jsonencode: () => ({ kind: 'unknown', name: 'function:jsonencode', argument: map({ password: text(PASSWORD) }), ...at }),
      };
      for (const [name, wrapper] of Object.entries(wrappers)) {
        const nested = (levels: number): Node => {
          let node = map({ S: wrapper() });
          for (let level = 0; level < levels; level++) node = map({ a: node });
          return node;
        };
        assert.equal(count(nested(63)), 1, name);
        assert.equal(count(nested(64)), 0, name);
      }
    });

    it('an !If inside an !If is followed 64 levels deep, no deeper', () => {
      const ifs = (levels: number): Node => {
        let value = text(PASSWORD);
        for (let level = 0; level < levels; level++) value = { kind: 'unknown', name: 'Fn::If', argument: list([text('Cond'), value]), ...at };
        return map({ Password: value });
      };
      assert.equal(count(ifs(64)), 1);
      assert.equal(count(ifs(65)), 0);
    });

    it('collecting stops at the first map after more than 200 secrets', () => {
      // Twenty key ids a script: ten scripts make 200, which is not yet more than 200.
      const script = map({ UserData: text(Array.from({ length: 20 }, () => KEY_ID).join('\n')) });
      assert.equal(count(list(Array.from({ length: 12 }, () => script))), 220);
    });
  });
});
