import assert from 'node:assert/strict';
import grammar from '../../syntaxes/responsibility-lens-suppression.injection.json';
import packageJson from '../../package.json';

/** The grammar's regex, read by JavaScript (its syntax is the common subset of Oniguruma and JS). */
const pattern = new RegExp(grammar.repository.suppression.match);
const captures = grammar.repository.suppression.captures as Record<string, { name: string }>;

function scopes(comment: string): Record<string, string> {
  const match = pattern.exec(comment);
  assert.ok(match, comment);
  const out: Record<string, string> = {};
  for (const [index, capture] of Object.entries(captures)) if (match[Number(index)] !== undefined) out[capture.name.split('.').slice(0, 2).join('.')] = match[Number(index)];
  return out;
}

describe('suppression comment grammar (syntaxes/)', () => {
  it('scopes the keyword, the rule ids and the reason separately', () => {
    assert.deepEqual(scopes('# responsibility-lens:ignore rds-storage-unencrypted, sqs-sse-off -- restored from an encrypted snapshot'), {
      'keyword.control': 'responsibility-lens:ignore',
      'entity.name': 'rds-storage-unencrypted, sqs-sse-off',
      'punctuation.separator': '--',
      'string.unquoted': 'restored from an encrypted snapshot',
    });
  });

  it('stops a block comment’s reason before */ and leaves a missing reason unscoped', () => {
    assert.equal(scopes('/* responsibility-lens:ignore a -- why */')['string.unquoted'], 'why');
    assert.deepEqual(scopes('# responsibility-lens:ignore rds-publicly-accessible'), { 'keyword.control': 'responsibility-lens:ignore', 'entity.name': 'rds-publicly-accessible' });
  });

  it('is contributed as an injection into every language with suppression comments', () => {
    const contributed = packageJson.contributes.grammars.find((entry: { path: string }) => entry.path === './syntaxes/responsibility-lens-suppression.injection.json') as
      | { scopeName: string; injectTo: string[] }
      | undefined;
    assert.ok(contributed);
    assert.equal(contributed.scopeName, grammar.scopeName);
    for (const scope of ['source.yaml', 'source.json', 'source.hcl', 'source.dockerfile', 'source.dotenv', 'source.ini']) assert.ok(contributed.injectTo.includes(scope), scope);
    assert.equal(grammar.injectionSelector, 'L:comment');
  });

  it('the List Suppressions command is contributed with the category', () => {
    const command = packageJson.contributes.commands.find((entry: { command: string }) => entry.command === 'responsibilityLens.listSuppressions');
    assert.ok(command);
    assert.equal(command.category, '%category%');
  });
});
