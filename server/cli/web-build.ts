import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function newestMtime(dir: string, skip: (p: string) => boolean): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (skip(p)) continue;
    const t = entry.isDirectory() ? newestMtime(p, skip) : fs.statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** Build the web app when web/dist is missing or older than any web or contracts source. */
export function buildWebIfStale(rootDir: string, log: (line: string) => void): void {
  const dist = path.join(rootDir, 'web', 'dist');
  const index = path.join(dist, 'index.html');
  const webDir = path.join(rootDir, 'web');
  if (!fs.existsSync(path.join(webDir, 'index.html'))) return;
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(webDir, (p) => p === dist || p.includes('node_modules')),
    newestMtime(path.join(rootDir, 'contracts'), () => false),
  );
  if (builtAt >= sources) return;
  log(
    builtAt
      ? 'Web app sources changed: rebuilding… 正在重新构建前端…'
      : 'Building the web app (first run)… 正在构建前端…',
  );
  const vite = path.join(rootDir, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(webDir, 'vite.config.ts')], {
    cwd: rootDir,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('The web app build failed (see above). 前端构建失败。');
}
