// UI end-to-end tests: the packaged .vsix installed into code-server, driven
// by Debian's Chromium through playwright-core, the way a new user would use
// it. Every step saves a screenshot under test-results/e2e/.
//
//   npm run test:e2e        (builds, packages, then runs this file with node --test)
//
// Needs `bash scripts/setup-code-server.sh` (npm test does it first).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CODE_SERVER_ENTRY,
  ROOT,
  hoverAt,
  launchBrowser,
  openFile,
  openProblems,
  runCommand,
  startCodeServer,
  waitForWebviewFrame,
  waitForWorkbench,
  workbenchUrl,
} from '../../scripts/code-server.mjs';

const OUT = path.join(ROOT, 'test-results', 'e2e');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const EXTENSION_DIR_NAME = 'responsibility-lens.responsibility-lens-';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** 1-based line of the first occurrence of `needle` in a fixture file. */
function lineOf(relative, needle) {
  const text = fs.readFileSync(path.join(FIXTURE, relative), 'utf8');
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in ${relative}`);
  return text.slice(0, offset).split('\n').length;
}

let temp;
let workspace;
let extensionsDir;
let vsix;
let cs;
let browser;
let page;

/** Saves test-results/e2e/<name>.png; the mouse moves to an empty part of the title bar first, so no tooltip covers the view. */
async function shot(name, { keepMouse = false } = {}) {
  if (!keepMouse) {
    await page.mouse.move(1150, 16);
    await sleep(150);
  }
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

/** The "Ln X, Col Y" of the active editor, from the status bar. */
async function cursorLine() {
  const item = page.locator('.statusbar-item[id="status.editor.selection"]');
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  const text = await item.innerText();
  const match = /Ln (\d+)/.exec(text);
  assert.ok(match, `status bar selection reads "${text}"`);
  return Number(match[1]);
}

async function waitForCursorLine(line, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await cursorLine().catch(() => undefined);
    if (last === line) return last;
    await sleep(200);
  }
  return last;
}

/** Rows of the Problems panel, as text, once `expected` shows up (or 10 s passed). */
async function problemsText(expected, { absent = false } = {}) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const text = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).join('\n');
    if (expected.test(text) !== absent || Date.now() > deadline) return text;
    await sleep(250);
  }
}

/** Types `text` into the Problems panel's filter box (empty clears it). */
async function filterProblems(text) {
  const input = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
  await input.waitFor({ state: 'visible', timeout: 5_000 });
  await input.fill(text);
  await sleep(500);
}

/** The numbers of the status-bar split: customer, shared, AWS, findings. */
async function statusSplit() {
  const status = page.locator('.statusbar-item', { has: page.locator('.codicon-account') }).first();
  return (await status.innerText()).trim().split(/\s+/).map(Number);
}

/** Gives the keyboard back to the workbench (a webview keeps it otherwise). */
async function focusEditor(name = 'risky-stack.yaml') {
  await page.locator('.tabs-container .tab', { hasText: name }).first().click();
  await sleep(200);
}

async function closeNotifications() {
  await page.keyboard.press('Escape');
  const clear = page.locator('.notifications-toasts .codicon-notifications-clear-all, .notification-toast .codicon-close');
  for (const button of await clear.all()) await button.click({ timeout: 1000 }).catch(() => {});
}

describe('Responsibility Lens in code-server, as a user sees it', { concurrency: false }, () => {
  before(async () => {
    fs.rmSync(OUT, { recursive: true, force: true });
    fs.mkdirSync(OUT, { recursive: true });
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-e2e-'));
    // A copy, so that the quick fix and the scan never touch the fixtures.
    workspace = path.join(temp, 'workspace');
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    extensionsDir = path.join(temp, 'extensions');
    vsix = path.join(OUT, 'responsibility-lens.vsix');
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await cs?.stop().catch(() => {});
    if (temp) fs.rmSync(temp, { recursive: true, force: true });
  });

  test('the packaged .vsix holds what runs and what its README shows, and installs into code-server', () => {
    const packed = spawnSync(process.execPath, [path.join(ROOT, 'scripts/package.mjs'), '--out', vsix], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr + packed.stdout);
    const size = fs.statSync(vsix).size;
    fs.writeFileSync(path.join(OUT, 'vsix.txt'), `${path.basename(vsix)}: ${size} bytes\n${packed.stdout}`);
    console.log(`# .vsix size: ${(size / 1024).toFixed(1)} KB`);
    assert.ok(size < 5_000_000, `the .vsix is ${size} bytes`);

    const installed = spawnSync(process.execPath, [CODE_SERVER_ENTRY, '--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', path.join(temp, 'install-data')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(installed.status, 0, installed.stderr + installed.stdout);
    const folder = fs.readdirSync(extensionsDir).find((name) => name.startsWith(EXTENSION_DIR_NAME));
    assert.ok(folder, `installed into ${extensionsDir}: ${fs.readdirSync(extensionsDir).join(', ')}`);
    const root = path.join(extensionsDir, folder);
    const files = listFiles(root);
    assert.ok(files.includes('dist/extension.js'));
    // The language server and its analysis worker run from the package too.
    assert.ok(files.includes('dist/server.js') && files.includes('dist/worker.js'), files.filter((file) => file.startsWith('dist/')).join(', '));
    assert.ok(files.includes('media/matrix.js') && files.includes('media/icon.png'));
    assert.ok(files.includes('package.nls.json') && files.includes('ThirdPartyNotices.txt'));
    const unexpected = files.filter((file) => !/^(dist\/.+|media\/[^/]+|syntaxes\/.+|schemas\/[^/]+\.json|docs\/images\/[^/]+\.png|docs\/rules\/[^/]+\.md|l10n\/.+|package(\.nls(\.[\w-]+)?)?\.json|readme\.md|changelog\.md|LICENSE(\.txt)?|ThirdPartyNotices\.txt|\.vsixmanifest)$/i.test(file));
    assert.deepEqual(unexpected, [], 'no sources, tests, maps or node_modules');
    assert.ok(!files.some((file) => file.endsWith('.map') || file.startsWith('src/') || file.startsWith('node_modules/') || file === 'dist/cli.js'));

    // Every schema package.json points VS Code at is in the package (else "Schema not found").
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const schemas = [...manifest.contributes.jsonValidation, ...manifest.contributes.yamlValidation].map((entry) => path.posix.normalize(entry.url));
    assert.ok(schemas.includes('schemas/responsibility-lens.schema.json'));
    for (const schema of schemas) assert.ok(files.includes(schema), `${schema} is packaged`);
    assert.doesNotThrow(() => JSON.parse(fs.readFileSync(path.join(root, 'schemas/responsibility-lens.schema.json'), 'utf8')));

    // The README is the user's: screenshots that resolve inside the package, no developer instructions.
    const readmeName = files.find((file) => /^readme\.md$/i.test(file));
    assert.ok(readmeName, 'the package has a README');
    const readme = fs.readFileSync(path.join(root, readmeName), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g), ...readme.matchAll(/<img[^>]*\ssrc=["']([^"']+)["']/gi)].map((match) => match[1]);
    assert.ok(images.length >= 5, `${images.length} screenshots`);
    for (const image of images) {
      assert.ok(!/^[a-z]+:/i.test(image), `${image} is relative, so it renders from the package`);
      assert.ok(files.includes(path.posix.normalize(decodeURI(image))), `README image ${image} is in the package`);
    }
    const withoutCode = readme.replace(/^[ \t]*```[\s\S]*?^[ \t]*```/gm, '').replace(/`[^`\n]*`/g, '');
    for (const [, target] of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^([a-z][a-z0-9+.-]*:|#)/i.test(target)) continue;
      assert.ok(files.includes(path.posix.normalize(decodeURI(target.replace(/#.*$/, '')))), `README link ${target} resolves inside the package`);
    }
    assert.doesNotMatch(readme, /^## Develop/m);
    assert.doesNotMatch(readme, /npm test|CONTRIBUTING\.md/);
  });

  test('the installed extension starts in code-server', async () => {
    cs = await startCodeServer({
      folder: workspace,
      extensionsDir,
      logFile: path.join(OUT, 'code-server.log'),
      settings: { 'workbench.editor.enablePreview': false, 'problems.defaultViewMode': 'tree', 'editor.lightbulb.enabled': 'on' },
    });
    browser = await launchBrowser({ viewport: { width: 1400, height: 860 } });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(workbenchUrl(cs, { folder: workspace }));
    await waitForWorkbench(page);
  });

  test('hovering a risky line shows who owns it and what to do', async () => {
    await openFile(page, 'templates/risky-stack.yaml');
    await sleep(800); // activation and the first analysis
    const line = lineOf('templates/risky-stack.yaml', 'StorageEncrypted: false');
    // Go to the line (the editor scrolls it into view), then put the mouse on the key itself.
    await hoverAt(page, line, 8).catch(() => '');
    await page.mouse.move(5, 400);
    await sleep(300);
    const key = page.locator('.editor-instance .view-lines .view-line span > span', { hasText: /^StorageEncrypted$/ }).first();
    const hover = page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
    let text = '';
    for (let attempt = 0; attempt < 3 && !/StorageEncrypted on/.test(text); attempt++) {
      await key.hover({ position: { x: 10, y: 5 } });
      text = await hover.waitFor({ state: 'visible', timeout: 5_000 }).then(
        async () => {
          await sleep(300);
          return (await hover.innerText()).trim();
        },
        () => '',
      );
      if (!/StorageEncrypted on/.test(text)) await page.mouse.move(5, 400);
    }
    fs.writeFileSync(path.join(OUT, 'hover.txt'), text + '\n');
    await shot('01-hover', { keepMouse: true });
    assert.match(text, /StorageEncrypted on AWS::RDS::DBInstance/);
    assert.match(text, /Customer/);
    assert.match(text, /customer data/i);
    assert.match(text, /container model/);
    assert.match(text, /You:/);
    assert.ok(!text.includes('hunter2'), 'no secret in the card');
  });

  test('a CodeLens sums up each resource and the status bar the file', async () => {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Customer' });
    await lens.first().waitFor({ state: 'attached', timeout: 15_000 });
    const lenses = await lens.allTextContents();
    assert.ok(lenses.some((text) => /^Customer \d+ · Shared \d+ · AWS \d+ · 5 findings$/.test(text.trim())), lenses.join('\n'));
    assert.ok((await lens.filter({ visible: true }).count()) > 0, 'lenses are on screen');
    const status = page.locator('.statusbar-item', { has: page.locator('.codicon-account') }).first();
    await status.waitFor({ state: 'visible', timeout: 10_000 });
    const statusText = (await status.innerText()).trim();
    assert.match(statusText, /^\d+\s+\d+\s+\d+\s+\d+$/, `status bar: "${statusText}"`);
    assert.equal(await status.locator('.codicon-cloud').count(), 1);
    assert.equal(await status.locator('.codicon-warning').count(), 1);
    await shot('02-codelens-status-bar');
  });

  test('the Problems panel lists the finding', async () => {
    await openProblems(page);
    const text = await problemsText(/sg-world-open-admin-port/);
    fs.writeFileSync(path.join(OUT, 'problems.txt'), text + '\n');
    assert.match(text, /RDS instance .*publicly accessible|rds-publicly-accessible/i);
    assert.match(text, /sg-world-open-admin-port/);
    assert.ok(!text.includes('hunter2-very-secret'), 'secrets are masked');
    await shot('03-problems');
    await focusEditor();
    await page.keyboard.press('Control+KeyJ'); // hide the panel again
  });

  test('the matrix opens from the palette; a count and a drill-down entry jump to the line', async () => {
    await page.keyboard.press('Control+KeyB'); // more room for the matrix: hide the side bar
    await runCommand(page, 'Responsibility Lens: Show Shared Responsibility Matrix');
    const frame = await waitForWebviewFrame(page, { selector: 'button.count-button' });
    await sleep(400);
    await shot('04-matrix');

    // The first count of the table, and the line of its first setting as the drill-down list gives it.
    const count = frame.locator('button.count-button').first();
    const row = await count.getAttribute('data-row');
    const owner = await count.getAttribute('data-owner');
    await frame.locator(`button.row-toggle[data-row="${row}"]`).click();
    const entry = frame.locator(`tr.drilldown[data-row="${row}"] li`, { has: frame.locator(`.badge-${owner}`) }).first();
    await entry.waitFor({ state: 'visible', timeout: 5_000 });
    const where = await entry.locator('.where').innerText();
    const expected = Number(/:(\d+)$/.exec(where)?.[1]);
    assert.ok(expected > 0, `drill-down entry "${where}"`);
    await shot('05-matrix-drilldown');
    await frame.locator(`button.count-button[data-row="${row}"][data-owner="${owner}"]`).click();
    // Several settings: a quick pick lists them in the same order; take the first.
    const pick = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
    if (await pick.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false)) {
      await shot('06-matrix-count-pick');
      await page.keyboard.press('Enter');
    }
    assert.equal(await waitForCursorLine(expected), expected, `clicking the ${owner} count of ${row} selects line ${expected}`);
    await shot('06-matrix-jump');

    // A drill-down entry elsewhere in the file jumps too.
    const findingEntry = frame.locator('tr.drilldown li', { has: frame.locator('.badge-finding') }).first();
    if (await findingEntry.count()) {
      const findingWhere = await findingEntry.locator('.where').innerText();
      const findingLine = Number(/:(\d+)$/.exec(findingWhere)?.[1]);
      await findingEntry.locator('button.location').click();
      assert.equal(await waitForCursorLine(findingLine), findingLine);
    }
  });

  test('the matrix filters by owner and shows one service’s column', async () => {
    const frame = await waitForWebviewFrame(page, { selector: '#filter-owner' });
    await frame.locator('#filter-owner').selectOption('aws');
    await frame.locator('button.count-button.badge-customer').first().waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await frame.locator('button.count-button.badge-customer').count(), 0, 'only AWS counts remain');
    await frame.locator('#filter-owner').selectOption('');
    await frame.locator('#service-picker').selectOption('rds');
    const column = frame.locator('.service-column');
    await column.locator('h3').waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await column.locator('h3').innerText(), /RDS.*Container model/i);
    const patching = column.locator('tr', { hasText: 'Database patching' });
    assert.equal(await patching.locator('.badge').innerText(), 'AWS');
    assert.ok((await column.locator('a[href^="https://docs.aws.amazon.com/"]').count()) > 0, 'links its security documentation');
    await column.locator('h2').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await sleep(200);
    await shot('07-matrix-service-column');
    await frame.locator('.services-by-row h2').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await sleep(200);
    await shot('07-matrix-services-by-row');
    await frame.locator('h1').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  });

  test('the matrix says its table is a third-party summary and shows AWS’s IT-control view with this workspace counted in', async () => {
    const frame = await waitForWebviewFrame(page, { selector: 'section.it-controls tr[data-kind]' });
    // What the table is, said where the user looks first.
    assert.equal((await frame.locator('h1').innerText()).trim(), 'Shared responsibility matrix');
    assert.match(await frame.locator('.subtitle').innerText(), /Third-party summary table \(not published by AWS\)/);
    const tableSource = await frame.locator('.table-source').innerText();
    assert.match(tableSource, /third-party article/);
    assert.equal(await frame.locator('.table-source a').count(), 0, 'the table is not credited to an AWS page');
    assert.equal(await frame.locator('.aws-source a[href="https://aws.amazon.com/compliance/shared-responsibility-model/"]').count(), 1);
    // Where AWS's own guidance differs: resilience is shared in the Well-Architected reliability pillar.
    const resilience = frame.locator('.aws-guidance[data-row="business-continuity"]');
    assert.match(await resilience.innerText(), /AWS.s own guidance:\s*Shared/);
    assert.equal(await resilience.locator('a[href$="reliability-pillar/shared-responsibility-model-for-resiliency.html"]').count(), 1);
    assert.equal(await frame.locator('tr.origin-table', { hasText: 'Business continuity management' }).locator('td').nth(1).locator('.badge').first().innerText(), 'AWS');

    // AWS's three kinds of IT controls, with this workspace's settings where they fall.
    const kinds = frame.locator('section.it-controls tr[data-kind]');
    assert.deepEqual(await kinds.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind'))), ['inherited', 'shared', 'customer-specific']);
    const numbers = async (locator) => (await locator.locator('td.count').allInnerTexts()).map(Number);
    const inherited = await numbers(frame.locator('tr[data-kind="inherited"]'));
    assert.deepEqual(inherited, [0, 0, 0, 0], 'nothing in the workspace configures physical and environmental controls');
    assert.match(await frame.locator('tr[data-kind="inherited"]').innerText(), /Physical and environmental controls/);
    assert.match(await frame.locator('tr[data-kind="shared"]').innerText(), /Patch management; Configuration management; Awareness and training/);
    const customerSpecific = await numbers(frame.locator('tr[data-kind="customer-specific"]'));
    assert.ok(customerSpecific[0] > 0 && customerSpecific[3] > 0, `customer-specific counts ${customerSpecific}`);
    // Every setting and finding counted in the table falls in exactly one kind.
    const tableTotals = await frame.locator('table.source-table > tbody > tr.origin-table, table.source-table > tbody > tr.origin-prose').evaluateAll((rows) =>
      rows.reduce(
        (sums, row) => {
          const cells = [...row.querySelectorAll(':scope > td.count')].map((cell) => Number(cell.textContent));
          return sums.map((sum, index) => sum + (cells[index] ?? 0));
        },
        [0, 0, 0, 0],
      ),
    );
    const kindTotals = (await Promise.all((await kinds.all()).map(numbers))).reduce((sums, row) => sums.map((sum, index) => sum + row[index]), [0, 0, 0, 0]);
    assert.deepEqual(kindTotals, tableTotals);
    assert.doesNotMatch(await frame.locator('body').innerText(), /seed/i);
    await frame.locator('section.it-controls h2').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await sleep(200);
    await shot('08-matrix-it-controls');
    await frame.locator('h1').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  });

  test('Scan Workspace fills the Problems panel for a file that was never opened', async () => {
    await focusEditor();
    await runCommand(page, 'Responsibility Lens: Scan Workspace');
    const done = page.locator('.notifications-toasts .notification-list-item', { hasText: /Scanned \d+ files/ });
    await done.first().waitFor({ state: 'visible', timeout: 30_000 });
    const message = await done.first().innerText();
    assert.match(message, /Scanned \d+ files: \d+ analysed, \d+ findings/);
    await shot('08-scan-done');
    await closeNotifications();
    await openProblems(page);
    await sleep(800); // the whole list, for the screenshot; the filter below makes the check
    await shot('09-scan-problems');
    await filterProblems('never-opened');
    const text = await problemsText(/never-opened\.yaml/);
    fs.writeFileSync(path.join(OUT, 'problems-after-scan.txt'), text + '\n');
    assert.match(text, /never-opened\.yaml/);
    const tabs = await page.locator('.tabs-container .tab').allInnerTexts();
    assert.ok(!tabs.some((tab) => tab.includes('never-opened.yaml')), 'the scan opened no editor');
    await shot('09-scan-problems-filtered');
    await filterProblems('');
    await focusEditor();
    await page.keyboard.press('Control+KeyJ');
  });

  test('a quick fix removes the finding', async (t) => {
    await focusEditor();
    const before = await statusSplit();
    const line = lineOf('templates/risky-stack.yaml', 'StorageEncrypted: false');
    await page.keyboard.press('Control+KeyG');
    await page.keyboard.type(`:${line}:7`);
    await page.keyboard.press('Enter');
    await sleep(300);
    await page.keyboard.press('Control+Period');
    const menu = page.locator('.action-widget');
    const shown = await menu.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
    const items = shown ? await menu.locator('.action-widget-action, .monaco-list-row').allInnerTexts() : [];
    fs.writeFileSync(path.join(OUT, 'quick-fixes.txt'), items.join('\n') + '\n');
    const fix = items.find((item) => /StorageEncrypted|encrypt/i.test(item) && !/ignore|suppress/i.test(item));
    if (!fix) {
      await page.keyboard.press('Escape');
      t.skip(`no encryption quick fix offered yet (menu: ${items.join(' | ') || 'none'})`);
      return;
    }
    await shot('10-quick-fix-menu');
    await menu.locator('.monaco-list-row', { hasText: fix.split('\n')[0] }).first().click();
    await openProblems(page);
    // Only this rule's entries: the open template's goes, the scanned JSON copy of it stays.
    await filterProblems('rds-storage-unencrypted');
    const text = await problemsText(/risky-stack\.yaml/, { absent: true });
    assert.ok(!/risky-stack\.yaml/.test(text), `the diagnostic is gone from risky-stack.yaml:\n${text}`);
    assert.match(text, /risky-stack\.json/, 'the filter shows the rule where it still applies');
    assert.match(await page.locator('.editor-instance .view-lines').first().innerText(), /StorageEncrypted:\s+true/);
    const after = await statusSplit();
    assert.equal(after[3], before[3] - 1, `status bar findings ${before[3]} → ${after[3]}`);
    await shot('11-quick-fix-applied');
  });
});

function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), relative));
    else out.push(relative);
  }
  return out;
}
