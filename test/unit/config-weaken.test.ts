/**
 * What "weaken" means when an organisation's config (--config) has the
 * repository's own config layered under it (engine/config.ts layerConfigs),
 * case by case, and what the reports say each config entry silenced.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { applyConfig, layerConfigs, parseConfig, type ConfigTally, type OrgConfig } from '../../src/core/engine/config';
import { silencedReport } from '../../src/core/reports/silenced';

const TEMPLATE =
  'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: false\n      PubliclyAccessible: true\n      EngineVersion: "8.0"\n      DeletionProtection: true\n      EnableCloudwatchLogsExports: [error]\n';
const analysis = analyze(TEMPLATE, 'template.yaml');

function config(text: string, file: string): OrgConfig {
  const { config, errors } = parseConfig(text, file);
  assert.ok(config, JSON.stringify(errors));
  return config;
}

const organisation = () => config('overrides:\n  - rule: rds-storage-unencrypted\n    severity: error\n', 'org.yaml');
const layered = (repository: string) => layerConfigs(organisation(), config(repository, '.responsibility-lens.yaml'));
const severities = (result: typeof analysis) => Object.fromEntries(result.findings.map((finding) => [finding.ruleId, finding.severity]));

describe('config layering: a repository config cannot weaken an organisation config', () => {
  it('the template has the findings these cases are about', () => {
    assert.deepEqual(severities(analysis), { 'rds-storage-unencrypted': 'warning', 'rds-publicly-accessible': 'error' });
  });

  it('turning a finding off is weakening: refused and counted', () => {
    const tally: ConfigTally = new Map();
    const combined = layered('overrides:\n  - rule: rds-publicly-accessible\n    severity: "off"\n');
    assert.equal(severities(applyConfig(analysis, combined, tally))['rds-publicly-accessible'], 'error');
    const entry = silencedReport(combined, tally, []).find((candidate) => candidate.source === '.responsibility-lens.yaml overrides[0]')!;
    assert.deepEqual([entry.origin, entry.refused, entry.refusedCount, entry.findingsRemoved], ['repository', true, 1, 0]);
  });

  it('lowering a severity is weakening; raising one is not', () => {
    const lowered = applyConfig(analysis, layered('overrides:\n  - rule: rds-publicly-accessible\n    severity: warning\n'));
    assert.equal(severities(lowered)['rds-publicly-accessible'], 'error');
    const raised = applyConfig(analysis, layered('overrides:\n  - rule: rds-publicly-accessible\n    severity: error\n  - type: AWS::RDS::DBInstance\n    severity: error\n'));
    assert.deepEqual(severities(raised), { 'rds-storage-unencrypted': 'error', 'rds-publicly-accessible': 'error' });
  });

  it("the organisation's overrides come first: where both match, the organisation's wins", () => {
    const result = applyConfig(analysis, layered('overrides:\n  - rule: rds-storage-unencrypted\n    severity: info\n'));
    assert.equal(severities(result)['rds-storage-unencrypted'], 'error');
  });

  it('moving an owner away from the customer is weakening; rationale, team and moves towards the customer are not', () => {
    const awayConfig = layered('overrides:\n  - type: AWS::RDS::DBInstance\n    property: Properties.StorageEncrypted\n    owner: aws\n    rationale: not ours\n');
    const tally: ConfigTally = new Map();
    const away = applyConfig(analysis, awayConfig, tally);
    const storage = away.settings.find((setting) => setting.path === 'Properties.StorageEncrypted')!;
    assert.equal(storage.attribution.owner, 'customer');
    assert.notEqual(storage.attribution.rationale, 'not ours', 'the whole override is refused for that setting');
    assert.equal([...tally.values()][0].refused, 1);
    const engine = analysis.settings.find((setting) => setting.path === 'Properties.EngineVersion')!;
    assert.notEqual(engine.attribution.owner, 'customer', 'the template has a setting that is not the customer’s');
    const towards = applyConfig(analysis, layered('team: data\noverrides:\n  - type: AWS::RDS::DBInstance\n    property: Properties.EngineVersion\n    owner: customer\n    rationale: we patch the engine\n'));
    const moved = towards.settings.find((setting) => setting.path === 'Properties.EngineVersion')!;
    assert.deepEqual([moved.attribution.owner, moved.attribution.rationale], ['customer', 'we patch the engine']);
  });

  it("the repository's include and exclude are refused whole and reported", () => {
    const combined = layered('include:\n  - "nothing/**"\nexclude:\n  - "**"\n');
    assert.deepEqual([combined.include, combined.exclude], [[], []]);
    const entries = silencedReport(combined, new Map(), []);
    assert.deepEqual(
      entries.map((entry) => [entry.source, entry.refused]),
      [
        ['.responsibility-lens.yaml include', true],
        ['.responsibility-lens.yaml exclude', true],
      ],
    );
  });

  it('without an organisation config, a repository config applies and every silencing entry is reported with its effect', () => {
    const repository = config('overrides:\n  - rule: rds-publicly-accessible\n    severity: "off"\n  - rule: rds-storage-unencrypted\n    severity: info\n  - rule: rds-minor-upgrade-off\n    severity: "off"\nexclude:\n  - "cdk.out/**"\n', '.responsibility-lens.yaml');
    const tally: ConfigTally = new Map();
    const result = applyConfig(analysis, repository, tally);
    assert.deepEqual(severities(result), { 'rds-storage-unencrypted': 'info' });
    const entries = silencedReport(repository, tally, [{ key: 'exclude', pattern: 'cdk.out/**', files: 3, folders: 1 }]);
    assert.deepEqual(
      entries.map((entry) => [entry.source, entry.findingsRemoved, entry.findingsLowered, entry.filesExcluded, entry.foldersExcluded, entry.refused]),
      [
        ['.responsibility-lens.yaml overrides[0]', 1, 0, 0, 0, false],
        ['.responsibility-lens.yaml overrides[1]', 0, 1, 0, 0, false],
        ['.responsibility-lens.yaml overrides[2]', 0, 0, 0, 0, false],
        ['.responsibility-lens.yaml exclude', 0, 0, 3, 1, false],
      ],
    );
  });
});
