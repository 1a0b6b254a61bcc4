// Running the real build from tests: in this checkout or in a throwaway copy of it.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const repo = path.resolve(import.meta.dirname, '../..');

/** Runs `node scripts/build.ts` in `root`, as `npm run build` does, and captures everything it prints. */
export function runBuild(root: string, outDir = 'dist') {
  const result = spawnSync(process.execPath, ['scripts/build.ts', '--outDir', outDir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** A copy of the project's sources (not node_modules, dist or git) in a temp folder, sharing node_modules. */
export async function copyProject(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'mic-project-'));
  for (const entry of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'content', 'public', 'scripts', 'src']) {
    await cp(path.join(repo, entry), path.join(root, entry), { recursive: true });
  }
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}
