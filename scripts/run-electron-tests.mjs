// Runs the extension-host suite in desktop VS Code via @vscode/test-electron.
// It downloads VS Code, so it needs internet access; here, use `npm run test:host` (code-server).
import { runTests } from '@vscode/test-electron';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'out/test/host/index.js'),
    launchArgs: [path.join(root, 'test/fixtures/workspace'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (error) {
  console.error('Extension-host tests failed:', error);
  process.exit(1);
}
