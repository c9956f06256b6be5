// Tools too large for the project's default `npm ci` (which stays under 250 MB) live in a folder of
// their own under scripts/, with a package.json and lockfile; this installs one from its lockfile
// on first use, into that folder's git-ignored node_modules. It is the only step that uses the
// network, and only the npm registry.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Installs `folder` (a path under scripts/) from its lockfile unless `probe` (a path relative to
 * its node_modules) exists already. `what` names the tool and its size for the message.
 */
export function installOnDemand(folder, probe, what) {
  if (existsSync(path.join(folder, 'node_modules', probe))) return;
  console.error(`installing ${what} into ${path.join(folder, 'node_modules')} (once, from its lockfile)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: folder, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`could not install ${what} (npm ci in ${folder} exited ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}
