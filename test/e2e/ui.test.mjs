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

/** The text of the active editor's visible lines (Monaco draws spaces as no-break spaces). */
async function editorText() {
  return (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** The Findings view's pane in the Explorer. */
function findingsPane() {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: /Responsibility Lens Findings/i }) }).first();
}

/** Every row label of the Findings view (it renders only what is in view: scrolls through it). */
async function findingsRows() {
  const pane = findingsPane();
  const list = pane.locator('.monaco-list').first();
  await list.waitFor({ state: 'visible', timeout: 10_000 });
  const seen = new Map();
  let stable = 0;
  await list.evaluate((element) => (element.querySelector('.monaco-scrollable-element') ?? element).scrollTo?.(0, 0));
  for (let step = 0; step < 60 && stable < 2; step++) {
    const before = seen.size;
    for (const row of await pane.locator('.monaco-list-row').all()) {
      const index = await row.getAttribute('data-index');
      const label = (await row.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
      if (index !== null && label) seen.set(Number(index), label);
    }
    stable = seen.size === before ? stable + 1 : 0;
    await list.hover();
    await page.mouse.wheel(0, 300);
    await sleep(150);
  }
  await page.mouse.wheel(0, -100_000);
  return [...seen].sort(([a], [b]) => a - b).map(([, label]) => label);
}

/** Clicks one of the Findings view's title actions (shown when the pointer is over the view). */
async function findingsAction(icon) {
  const pane = findingsPane();
  await pane.locator('.pane-header').hover();
  await pane.locator(`.pane-header .codicon-${icon}`).first().click();
}

/** `rule (n)` labels as a map. */
function groupCounts(rows) {
  const counts = {};
  for (const row of rows) {
    const match = /^(\S.*?) \((\d+)\)$/.exec(row);
    if (match) counts[match[1]] = Number(match[2]);
  }
  return counts;
}

/** Puts the mouse on `word` at the line of `needle` and waits for a hover matching `expected`; returns its text and size. */
async function hoverOnText(relative, needle, word, expected) {
  const line = lineOf(relative, needle);
  // Go to the line (the editor scrolls it into view), then put the mouse on the word itself.
  await hoverAt(page, line, 8).catch(() => '');
  await page.mouse.move(5, 400);
  await sleep(300);
  const target = page.locator('.editor-instance .view-lines .view-line span > span', { hasText: new RegExp(`^${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first();
  const hover = page.locator('.monaco-hover:not(.hidden)').first();
  const content = hover.locator('.monaco-hover-content').first();
  let text = '';
  for (let attempt = 0; attempt < 3 && !expected.test(text); attempt++) {
    await target.hover({ position: { x: 10, y: 5 } });
    text = await content.waitFor({ state: 'visible', timeout: 5_000 }).then(
      async () => {
        await sleep(400);
        return (await content.innerText()).trim();
      },
      () => '',
    );
    if (!expected.test(text)) await page.mouse.move(5, 400);
  }
  assert.match(text, expected);
  // The hover's content box is the element the editor limits (max-height) and scrolls.
  const size = await content.evaluate((element) => ({ scrollHeight: element.scrollHeight, clientHeight: element.clientHeight, maxHeight: element.ownerDocument.defaultView.getComputedStyle(element).maxHeight }));
  return { text, size, hover };
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
      settings: { 'workbench.editor.enablePreview': false, 'workbench.editor.languageDetection': false, 'problems.defaultViewMode': 'tree', 'editor.lightbulb.enabled': 'on' },
    });
    browser = await launchBrowser({ viewport: { width: 1400, height: 900 } });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(workbenchUrl(cs, { folder: workspace }));
    await waitForWorkbench(page);
  });

  test('hovering a risky line shows who owns it and what to do, and the whole hover fits at 1400×900', async () => {
    await openFile(page, 'templates/risky-stack.yaml');
    await sleep(800); // activation and the first analysis
    const finding = await hoverOnText('templates/risky-stack.yaml', 'StorageEncrypted: false', 'StorageEncrypted', /StorageEncrypted on/);
    fs.writeFileSync(path.join(OUT, 'hover.txt'), finding.text + '\n');
    await shot('01-hover', { keepMouse: true });
    // The Problems entry (what to do, then why) above the card (who owns it, the row, what the setting is).
    assert.match(finding.text, /^Turn on storage encryption/);
    assert.match(finding.text, /StorageEncrypted on AWS::RDS::DBInstance/);
    assert.match(finding.text, /Customer/);
    assert.match(finding.text, /customer data/i);
    assert.match(finding.text, /container model/);
    assert.match(finding.text, /Details: AWS’s part, documentation, controls and sources/);
    assert.match(finding.text, /Quick Fix/, 'the Quick Fix link is on the first screen');
    assert.ok(!finding.text.includes('hunter2'), 'no secret in the card');

    const type = await hoverOnText('templates/risky-stack.yaml', 'Type: AWS::RDS::DBInstance', 'AWS::RDS::DBInstance', /Settings here/);
    await shot('01-hover-type', { keepMouse: true });
    assert.match(type.text, /OrdersDatabase · AWS::RDS::DBInstance/);
    assert.match(type.text, /container model/);
    assert.match(type.text, /Settings here: Customer \d+ · Shared \d+ · AWS \d+/);

    const sizes = `finding hover (StorageEncrypted): ${finding.size.scrollHeight} px of content in ${finding.size.clientHeight} px (max-height ${finding.size.maxHeight})\nType hover (AWS::RDS::DBInstance): ${type.size.scrollHeight} px of content in ${type.size.clientHeight} px (max-height ${type.size.maxHeight})\n`;
    fs.writeFileSync(path.join(OUT, 'hover-sizes.txt'), sizes);
    console.log(sizes.trim().replace(/^/gm, '# '));
    for (const [name, { size }] of [['finding', finding], ['Type', type]]) {
      assert.ok(size.clientHeight > 0 && size.scrollHeight <= size.clientHeight, `the ${name} hover scrolls: ${size.scrollHeight} px of content in ${size.clientHeight} px`);
    }
    await page.mouse.move(5, 400);
  });

  test('a hover’s Details link opens the whole card beside the editor', async () => {
    const { hover } = await hoverOnText('templates/risky-stack.yaml', 'StorageEncrypted: false', 'StorageEncrypted', /StorageEncrypted on/);
    await hover.locator('a', { hasText: 'Details' }).first().click();
    const preview = await waitForWebviewFrame(page, { selector: 'body strong' });
    const text = await preview.locator('body').innerText();
    assert.match(text, /Customer · Protecting customer data/);
    assert.match(text, /You: Turn on storage encryption/);
    assert.match(text, /AWS:/);
    assert.match(text, /Controls: SecurityHub RDS\.3/);
    await shot('01-hover-details');
    await page.locator('.tabs-container .tab', { hasText: 'Preview' }).first().locator('.codicon-close').click();
    await focusEditor();
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
    assert.doesNotMatch(text, /SecurityHub|CIS AWS/, 'controls are in the hover card, once');
    await shot('03-problems');
    // The rule id links to the rule's page, shipped inside the installed extension.
    await page.locator('.markers-panel .monaco-list-row a.monaco-link', { hasText: 'sg-world-open-admin-port' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'sg-world-open-admin-port.md' }).waitFor({ state: 'visible', timeout: 10_000 });
    const rulePage = await editorText();
    assert.match(rulePage, /# `sg-world-open-admin-port`: Security group open to the world/);
    assert.match(rulePage, /## What to do/);
    await shot('03-problems-rule-page');
    await page.keyboard.press('Control+KeyW');
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

    // A finding's drill-down entry, in a row that has findings, jumps too: the open template has
    // findings, so the entry must be there.
    const findingToggle = frame.locator('tr', { has: frame.locator('td.count.findings') }).first().locator('button.row-toggle');
    if ((await findingToggle.getAttribute('aria-expanded')) !== 'true') await findingToggle.click();
    const findingEntry = frame.locator('tr.drilldown li', { has: frame.locator('.badge-finding') }).first();
    await findingEntry.waitFor({ state: 'visible', timeout: 5_000 });
    const findingWhere = await findingEntry.locator('.where').innerText();
    const findingLine = Number(/:(\d+)$/.exec(findingWhere)?.[1]);
    assert.ok(findingLine > 0, `finding entry "${findingWhere}"`);
    await findingEntry.locator('button.location').click();
    assert.equal(await waitForCursorLine(findingLine), findingLine);
  });

  test('the matrix filters by owner and shows one service’s column', async () => {
    const frame = await waitForWebviewFrame(page, { selector: '#filter-owner' });
    await frame.locator('#filter-owner').selectOption('aws');
    await frame.locator('button.count-button.badge-customer').first().waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await frame.locator('button.count-button.badge-customer').count(), 0, 'only AWS counts remain');
    await frame.locator('#filter-owner').selectOption('');
    // The picker names services as AWS does, not by our ids.
    const services = await frame.locator('#service-picker option').allInnerTexts();
    assert.ok(services.includes('Amazon RDS and Aurora (Container, 1 resource)'), services.join(' | '));
    assert.ok(services.includes('Amazon ElastiCache (Container, 1 resource)'), services.join(' | '));
    assert.ok(!services.some((label) => /^(rds|elasticache|ec2) \(/.test(label)), services.join(' | '));
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
    // ElastiCache's column speaks of ElastiCache: its own patching text and pages, none of RDS's.
    await frame.locator('#service-picker').selectOption('elasticache');
    await column.locator('h3', { hasText: 'ElastiCache' }).waitFor({ state: 'visible', timeout: 5_000 });
    const elasticache = `${await column.locator('h3').innerText()}\n${await column.locator('table').innerText()}`;
    assert.match(await column.locator('tr', { hasText: 'Database patching' }).innerText(), /ElastiCache releases engine patches as service updates/);
    assert.doesNotMatch(elasticache, /\bRDS\b|Aurora/, 'no RDS reason or source in the ElastiCache column');
    const hrefs = await column.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    assert.ok(hrefs.some((href) => href.includes('/AmazonElastiCache/')) && !hrefs.some((href) => href.includes('/AmazonRDS/')), hrefs.join('\n'));
    await column.locator('h2').evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await sleep(200);
    await shot('07-matrix-elasticache-column');
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

  test('the Findings view lists the scan’s findings by rule, jumps to one, and groups by severity', async () => {
    // A taller window, so that every rule's group is on screen: reading a virtual list that must scroll
    // lost its first rows (the view can be left scrolled, and the list scrolls by wheel only).
    await page.setViewportSize({ width: 1400, height: 1400 });
    // What the scan found, as the CLI reports the same folder.
    const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'scan', '--format', 'json', '.'], { cwd: workspace, encoding: 'utf8' });
    const report = JSON.parse(cli.stdout);
    const byRule = {};
    const bySeverity = { error: 0, warning: 0, info: 0 };
    for (const file of report.files) {
      for (const finding of file.findings) {
        byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
        bySeverity[finding.severity]++;
      }
    }
    assert.ok(Object.keys(byRule).length >= 10, JSON.stringify(byRule));

    await page.keyboard.press('Control+Shift+KeyE');
    // Room for the view: fold the folder tree (the Explorer's first view).
    const folders = page.locator('.part.sidebar .pane-header').first();
    await folders.waitFor({ state: 'visible', timeout: 10_000 });
    if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
    const header = findingsPane().locator('.pane-header');
    await header.waitFor({ state: 'visible', timeout: 10_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await findingsAction('collapse-all');
    await sleep(300);
    const groups = groupCounts(await findingsRows());
    await shot('12-findings-view');
    fs.writeFileSync(path.join(OUT, 'findings-view.txt'), `${JSON.stringify(groups, null, 2)}\n`);
    assert.deepEqual(groups, byRule, 'one group per rule, with the count of its findings');

    // Open a group and jump to a finding in a file no editor has open.
    const group = findingsPane().locator('.monaco-list-row', { hasText: /^rds-publicly-accessible \(/ }).first();
    await group.click();
    const line = report.files.find((file) => file.path.endsWith('never-opened.yaml')).findings.find((finding) => finding.ruleId === 'rds-publicly-accessible').line;
    const entry = findingsPane().locator('.monaco-list-row', { hasText: `scan/never-opened.yaml:${line}` }).first();
    await entry.waitFor({ state: 'visible', timeout: 5_000 });
    await entry.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'never-opened.yaml' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await waitForCursorLine(line), line, 'the finding’s line');
    await shot('12-findings-view-jump');

    // Grouping by severity: the view's title action.
    await findingsAction('list-tree');
    const severity = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Severity' }).first();
    await severity.waitFor({ state: 'visible', timeout: 5_000 });
    await severity.click();
    await findingsAction('collapse-all');
    await sleep(300);
    const severities = groupCounts(await findingsRows());
    const expected = {};
    if (bySeverity.error) expected.Errors = bySeverity.error;
    if (bySeverity.warning) expected.Warnings = bySeverity.warning;
    if (bySeverity.info) expected.Information = bySeverity.info;
    assert.deepEqual(severities, expected);
    assert.match(await findingsPane().locator('.pane-header').innerText(), /by severity/i);
    await shot('12-findings-view-by-severity');
    await page.locator('.tabs-container .tab', { hasText: 'never-opened.yaml' }).first().locator('.codicon-close').click();
    await focusEditor();
  });

  test('the matrix File filter is a search over the counted files', async () => {
    await runCommand(page, 'Responsibility Lens: Show Shared Responsibility Matrix');
    const frame = await waitForWebviewFrame(page, { selector: '#filter-file' });
    const input = frame.locator('#filter-file');
    assert.match(await input.getAttribute('placeholder'), /^All \d+ files: type to search$/);
    await input.click();
    await input.pressSequentially('never');
    const options = frame.locator('#filter-file-options li[role="option"]');
    await frame.locator('#filter-file-options li', { hasText: 'scan/never-opened.yaml' }).waitFor({ state: 'visible', timeout: 5_000 });
    assert.deepEqual(await options.allInnerTexts(), ['All files', 'scan/never-opened.yaml'], 'only the files whose path has the typed word');
    await shot('13-matrix-file-search', { keepMouse: true });
    await page.keyboard.press('Enter');
    await frame.locator('.summary').waitFor({ state: 'visible' });
    // The panel draws itself again with the new counts: read the box each time, not one element.
    let chosen = '';
    for (let waited = 0; waited < 10_000 && chosen !== 'scan/never-opened.yaml'; waited += 200) {
      await sleep(200);
      chosen = await frame.locator('#filter-file').inputValue().catch(() => '');
    }
    assert.equal(chosen, 'scan/never-opened.yaml');
    // The counts are those of that file: one RDS database (the matrix row list names only its resources).
    // (Rows a test before opened stay open, listing nothing of this file: open one of its rows if none lists it.)
    if ((await frame.locator('tr.drilldown .where').count()) === 0) await frame.locator('button.row-toggle[aria-expanded="false"]').first().click();
    await frame.locator('tr.drilldown .where').first().waitFor({ state: 'visible', timeout: 5_000 });
    const places = await frame.locator('tr.drilldown .where').allInnerTexts();
    assert.ok(places.length > 0 && places.every((where) => where.startsWith('scan/never-opened.yaml')), places.join(', '));
    await frame.locator('button', { hasText: 'Clear filters' }).click();
    await page.locator('.tabs-container .tab', { hasText: 'Shared Responsibility Matrix' }).first().locator('.codicon-close').click();
    await focusEditor();
  });

  test('a quick fix removes the finding', async () => {
    await focusEditor();
    const before = await statusSplit();
    const listedBefore = groupCounts(await findingsRows());
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
    const fix = items.find((item) => /StorageEncrypted/.test(item) && !/ignore|suppress/i.test(item));
    assert.ok(fix, `the encryption quick fix is offered (menu: ${items.join(' | ') || 'none'})`);
    assert.match(fix, /Set StorageEncrypted: true \(replaces the resource\)/, 'its title says it replaces the database');
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
    // The Findings view follows the edit (grouped by severity since the last test: the fixed finding was a warning).
    let listedAfter = {};
    for (let waited = 0; waited < 5_000 && listedAfter.Warnings !== listedBefore.Warnings - 1; waited += 500) {
      await sleep(500);
      listedAfter = groupCounts(await findingsRows());
    }
    assert.deepEqual(listedAfter, { ...listedBefore, Warnings: listedBefore.Warnings - 1 });
    await filterProblems('');
    await page.keyboard.press('Control+KeyJ');
  });

  test('List Suppressions flags a suppression whose rule id does not exist, and its button fixes the id', async () => {
    await focusEditor();
    await runCommand(page, 'Responsibility Lens: List Suppressions');
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'sqs-sse-of' }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    const text = await row.innerText();
    assert.match(text, /unknown rule: suppresses nothing/);
    assert.match(text, /sqs-sse-of/);
    await row.hover();
    await shot('16-suppressions-unknown-rule', { keepMouse: true });
    await row.locator('.codicon-lightbulb-autofix').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'unknown-rule-suppression.yaml' }).waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await editorText(), /responsibility-lens:ignore sqs-sse-off -- the queue carries only public events/);
    await shot('16-suppressions-fixed');
    await page.keyboard.press('Control+KeyZ');
  });

  test('an untitled file gets the status bar split once its language is set to YAML', async () => {
    await page.keyboard.press('Control+KeyN');
    await sleep(500);
    // Typed as a user types: each new line keeps the indentation of the one before, so each line adds only its step.
    await page.keyboard.insertText('Resources:\n  Logs:\n  Type: AWS::S3::Bucket\nProperties:\n  BucketName: logs');
    assert.match(await editorText(), /^Resources:\n {2}Logs:\n {4}Type: AWS::S3::Bucket\n {4}Properties:\n {6}BucketName: logs/);
    const status = page.locator('.statusbar-item', { has: page.locator('.codicon-account') }).first();
    await sleep(1000);
    // (Language detection is off in this workbench: the file stays plain text until the user changes it.)
    assert.match(await page.locator('.statusbar-item[id="status.editor.mode"]').innerText(), /Plain Text/);
    assert.equal(await status.isVisible(), false, 'plain text: no split');
    await runCommand(page, 'Change Language Mode');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 5_000 });
    await input.fill('yaml');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: /^YAML/ }).first().click();
    await status.waitFor({ state: 'visible', timeout: 15_000 });
    let split = [];
    for (let waited = 0; waited < 10_000 && !(split[0] + split[1] + split[2] > 0); waited += 250) {
      await sleep(250);
      split = (await status.innerText()).trim().split(/\s+/).map(Number);
    }
    await shot('17-untitled-status-bar');
    assert.equal(split.length, 4, `status bar: ${split}`);
    assert.ok(split.every((value) => Number.isInteger(value)) && split[0] + split[1] + split[2] > 0, `status bar: ${split}\n${await editorText()}`);
  });

  // Last: the Azure files it adds would change what the tests above count.
  test('with AWS and Azure files the matrix has a cloud switch; Azure’s view shows Microsoft’s table with their counts and jumps to the line', async () => {
    fs.mkdirSync(path.join(workspace, 'azure'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'bicep-editor.bicep'), path.join(workspace, 'azure', 'main.bicep'));
    fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'arm-editor.json'), path.join(workspace, 'azure', 'azuredeploy.json'));
    const bicepLine = (needle) => fs.readFileSync(path.join(workspace, 'azure', 'main.bicep'), 'utf8').split('\n').findIndex((line) => line.includes(needle)) + 1;
    const armLine = (needle) => fs.readFileSync(path.join(workspace, 'azure', 'azuredeploy.json'), 'utf8').split('\n').findIndex((line) => line.includes(needle)) + 1;
    await openFile(page, 'azure/azuredeploy.json');
    await openFile(page, 'azure/main.bicep');
    await runCommand(page, 'Responsibility Lens: Show Shared Responsibility Matrix');
    let frame = await waitForWebviewFrame(page, { selector: '.cloud-switch [role="tab"]' });
    const tabs = frame.locator('.cloud-switch [role="tab"]');
    assert.deepEqual(
      (await tabs.locator('.cloud-name').allInnerTexts()).map((name) => name.trim()),
      ['AWS', 'Microsoft Azure'],
    );
    assert.equal(await frame.locator('#cloud-tab-aws').getAttribute('aria-selected'), 'true', 'both clouds: the panel opens on AWS, as before');
    assert.match(await frame.locator('#cloud-tab-azure').innerText(), /2 file\(s\)/);
    // Keyboard: the selected tab takes the focus, the right arrow moves to Azure.
    await frame.locator('#cloud-tab-aws').focus();
    await page.keyboard.press('ArrowRight');
    frame = await waitForWebviewFrame(page, { selector: 'table.cloud-table[data-cloud="azure"]' });
    assert.equal(await frame.locator('#cloud-tab-azure').getAttribute('aria-selected'), 'true');
    await sleep(300);
    await shot('18-matrix-azure');

    const table = frame.locator('table.cloud-table[data-cloud="azure"]');
    assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['Responsibility', 'IaaS', 'PaaS', 'SaaS', 'Customer settings', 'Shared settings', 'Microsoft settings', 'Findings']);
    const rows = table.locator('tbody > tr[data-row]:not(.drilldown)');
    assert.deepEqual(
      (await rows.locator('td:first-child').allInnerTexts()).map((title) => title.replace(/^[▸▾] /, '').trim()),
      ['Customer data', 'Configurations and settings', 'Identities and users', 'Client devices', 'Applications', 'Network controls', 'Operating system', 'Physical hosts', 'Physical network', 'Physical datacenter'],
    );
    assert.deepEqual(await table.locator('tr[data-row="network-controls"] td.model-owner').allInnerTexts(), ['Customer', 'Shared', 'Microsoft']);
    const findings = async (row) => Number(await table.locator(`tr[data-row="${row}"]:not(.drilldown) > td:last-child`).innerText());
    assert.equal(await findings('configurations-and-settings'), 1, 'the ARM template’s TLS 1.0 floor');
    assert.equal(await findings('identities-and-users'), 1, 'the registry’s admin user');
    assert.match(await frame.locator('.summary').innerText(), /^2 file\(s\) counted\./);
    assert.match(await frame.locator('.cloud-source').innerText(), /Shared responsibility in the cloud.*\(Microsoft, revised 2026-01\)/s);
    assert.match(await frame.locator('.cloud-models .model[data-model="paas"]').innerText(), /In this workspace: Container Registry, Storage accounts \(2\)/);
    assert.deepEqual(await frame.locator('#filter-owner option').allInnerTexts(), ['All', 'Customer', 'Shared', 'Microsoft']);

    // Identities and users: the registry's admin user and both accounts' Shared Key access, all the customer's.
    const identities = table.locator('button.count-button[data-row="identities-and-users"][data-owner="customer"]');
    assert.equal(await identities.innerText(), '3');
    await identities.click();
    const pick = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'registry · properties.adminUserEnabled' }).first();
    await pick.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').count(), 3);
    await pick.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'main.bicep' }).waitFor({ state: 'visible', timeout: 10_000 });
    const adminLine = bicepLine('adminUserEnabled');
    assert.equal(await waitForCursorLine(adminLine), adminLine);
    // A finding's drill-down entry opens the ARM template on its line.
    await table.locator('button.row-toggle[data-row="configurations-and-settings"]').click();
    const entry = frame.locator('tr.drilldown[data-row="configurations-and-settings"] li', { has: frame.locator('.badge-finding') }).first();
    await entry.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await entry.innerText(), /contosodata · azure-storage-min-tls/);
    await shot('19-matrix-azure-drilldown');
    await entry.locator('button.location').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'azuredeploy.json' }).waitFor({ state: 'visible', timeout: 10_000 });
    const tlsLine = armLine('"minimumTlsVersion"');
    assert.equal(await waitForCursorLine(tlsLine), tlsLine);
    // The status bar of an Azure file counts Microsoft's side, and says so.
    const status = page.locator('.statusbar-item', { has: page.locator('.codicon-account') }).first();
    await status.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await status.getAttribute('aria-label')) ?? (await status.locator('[aria-label]').first().getAttribute('aria-label')) ?? '', /Microsoft \d+/);
    await status.hover();
    const tooltip = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Microsoft:' }).first();
    await tooltip.waitFor({ state: 'visible', timeout: 10_000 });
    assert.doesNotMatch(await tooltip.innerText(), /AWS:/);
    await page.mouse.move(5, 5);
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
