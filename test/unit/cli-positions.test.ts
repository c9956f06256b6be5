/**
 * Positions outside CloudFormation, as every CLI format shows them: a Dockerfile and a .env whose
 * findings start in column 1 on a line that is not the first, where an off-by-one in the line
 * index would move them to the line before. The same reports are checked in process too (the
 * functions the CLI prints), so mutation testing sees them.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/core';
import { csvReport } from '../../src/core/reports/csv';
import { fileReport, textReport, type JsonReport } from '../../src/core/reports/report';
import { sarifLog } from '../../src/core/reports/sarif';
import { runCli, tempDir } from './cliHelpers';
import { assertNoSecret } from './secretLeaks';

const DOCKERFILE = '# syntax=docker/dockerfile:1\n\nFROM node:20\nRUN npm ci\nUSER root\nEXPOSE 22\n';
const ENV = '# local settings\nDB_HOST=db.internal\n\nDB_PASSWORD=Xk9vLq2mPz8wRt5\n';
/** No USER and a base image the knowledge does not know: an `info` finding. */
const UNKNOWN_BASE = `FROM mycorp/base:1.2@sha256:${'a'.repeat(64)}\nRUN make\n`;

/** 1-based line, column, end line and end column of each finding, as a user reads them. */
const EXPECTED = [
  { file: 'Dockerfile', ruleId: 'docker-runs-as-root', severity: 'warning', line: 5, column: 1, endLine: 5, endColumn: 10 },
  { file: 'Dockerfile', ruleId: 'docker-ssh-exposed', severity: 'warning', line: 6, column: 1, endLine: 6, endColumn: 10 },
  { file: '.env', ruleId: 'literal-secret', severity: 'error', line: 4, column: 1, endLine: 4, endColumn: 28 },
];

function report(files: Record<string, string>): JsonReport {
  return { version: 1, files: Object.entries(files).map(([name, text]) => fileReport(name, text, analyze(text, name))) };
}

interface SarifResult {
  ruleId: string;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
}

function sarifPositions(results: SarifResult[]) {
  return results.map((result) => {
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    return { file: artifactLocation.uri, ruleId: result.ruleId, level: result.level, line: region.startLine, column: region.startColumn, endLine: region.endLine, endColumn: region.endColumn };
  });
}

function csvFindings(csv: string) {
  const [header, ...rows] = csv.trimEnd().split('\n');
  const columns = header.split(',');
  const at = (name: string) => columns.indexOf(name);
  // The cells we read come before the first quoted one, so a plain split is exact.
  return rows
    .map((row) => row.split(','))
    .filter((cells) => cells[at('record')] === 'finding')
    .map((cells) => ({ file: cells[at('file')], line: Number(cells[at('line')]), column: Number(cells[at('column')]), endLine: Number(cells[at('endLine')]), endColumn: Number(cells[at('endColumn')]) }));
}

const positions = EXPECTED.map(({ file, line, column, endLine, endColumn }) => ({ file, line, column, endLine, endColumn }));

describe('positions outside CloudFormation in every report format', () => {
  describe('in process', () => {
    const json = report({ Dockerfile: DOCKERFILE, '.env': ENV });

    it('JSON: line and column of each finding', () => {
      const found = json.files.flatMap((file) => file.findings.map((finding) => ({ file: file.path, ruleId: finding.ruleId, severity: finding.severity, line: finding.line, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn })));
      assert.deepEqual(found, EXPECTED);
    });

    it('text: file:line:column', () => {
      const text = textReport(json);
      for (const { file, ruleId, severity, line, column } of EXPECTED) assert.match(text, new RegExp(`^  ${file.replace('.', '\\.')}:${line}:${column} +${severity} +${ruleId} `, 'm'));
      assertNoSecret(text, 'Xk9vLq2mPz8wRt5');
    });

    it('SARIF: regions, and info becomes note', () => {
      const log = sarifLog(report({ Dockerfile: DOCKERFILE, '.env': ENV, 'base/Dockerfile': UNKNOWN_BASE }), { toolVersion: '0.0.0' }) as unknown as { runs: { results: SarifResult[] }[] };
      assert.deepEqual(sarifPositions(log.runs[0].results), [
        ...EXPECTED.map(({ file, ruleId, severity, line, column, endLine, endColumn }) => ({ file, ruleId, level: severity, line, column, endLine, endColumn })),
        { file: 'base/Dockerfile', ruleId: 'docker-runs-as-root', level: 'note', line: 1, column: 1, endLine: 1, endColumn: 93 },
      ]);
    });

    it('CSV: line, column, end line and end column cells', () => {
      assert.deepEqual(csvFindings(csvReport(json)), positions);
    });
  });

  describe('through the CLI', function () {
    this.timeout(60_000);
    let dir: string;
    let cleanup: () => void;
    before(() => {
      ({ dir, cleanup } = tempDir());
      fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
      fs.writeFileSync(path.join(dir, '.env'), ENV);
      fs.mkdirSync(path.join(dir, 'base'));
      fs.writeFileSync(path.join(dir, 'base', 'Dockerfile'), UNKNOWN_BASE);
    });
    after(() => cleanup());
    const scan = (format: string, ...files: string[]) => {
      const result = runCli(['scan', '--format', format, ...files], dir);
      assert.equal(result.status, 1, `error findings exit 1: ${result.stderr}`);
      assertNoSecret(result.stdout + result.stderr, 'Xk9vLq2mPz8wRt5');
      return result.stdout;
    };

    it('text', () => {
      const text = scan('text', 'Dockerfile', '.env');
      for (const { file, ruleId, severity, line, column } of EXPECTED) assert.match(text, new RegExp(`^  ${file.replace('.', '\\.')}:${line}:${column} +${severity} +${ruleId} `, 'm'));
    });

    it('JSON', () => {
      const json = JSON.parse(scan('json', 'Dockerfile', '.env')) as JsonReport;
      const found = json.files.flatMap((file) => file.findings.map((finding) => ({ file: file.path, ruleId: finding.ruleId, severity: finding.severity, line: finding.line, column: finding.column, endLine: finding.endLine, endColumn: finding.endColumn })));
      assert.deepEqual(found, EXPECTED);
    });

    it('SARIF, with info as note', () => {
      const log = JSON.parse(scan('sarif', 'Dockerfile', '.env', path.join('base', 'Dockerfile'))) as { runs: { results: SarifResult[] }[] };
      assert.deepEqual(sarifPositions(log.runs[0].results), [
        ...EXPECTED.map(({ file, ruleId, severity, line, column, endLine, endColumn }) => ({ file, ruleId, level: severity, line, column, endLine, endColumn })),
        { file: 'base/Dockerfile', ruleId: 'docker-runs-as-root', level: 'note', line: 1, column: 1, endLine: 1, endColumn: 93 },
      ]);
    });

    it('CSV', () => {
      assert.deepEqual(csvFindings(scan('csv', 'Dockerfile', '.env')), positions);
    });
  });
});
