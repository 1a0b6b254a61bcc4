// Running the real build from tests: in this checkout or in a throwaway copy of it.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const repo = path.resolve(import.meta.dirname, '../..');

/** The origin builds use when SITE_URL is not set (astro.config.mjs). */
export const LOCAL_ORIGIN = 'http://localhost:4321';

/**
 * Runs `node scripts/build.ts` in `root`, as `npm run build` does, and captures everything it prints.
 * The badge variables of the calling shell are dropped, so a developer's own SITE_URL or key never
 * changes what a test sees; pass them in `env` to test them.
 */
export function runBuild(root: string, options: { outDir?: string; args?: string[]; env?: Record<string, string> } = {}) {
  const inherited = { ...process.env };
  for (const name of ['SITE_URL', 'BADGE_SIGNING_KEY', 'BADGE_DI_KEY', 'BADGES_PRODUCTION']) delete inherited[name];
  const result = spawnSync(process.execPath, ['scripts/build.ts', '--outDir', options.outDir ?? 'dist', ...(options.args ?? [])], {
    cwd: root,
    encoding: 'utf8',
    env: { ...inherited, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/** A copy of the project's sources (not node_modules, dist or git) in a temp folder, sharing node_modules. */
export async function copyProject(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'mic-project-'));
  for (const entry of ['astro.config.mjs', 'package.json', 'tsconfig.json', 'cms', 'content', 'public', 'scripts', 'src']) {
    await cp(path.join(repo, entry), path.join(root, entry), { recursive: true });
  }
  await symlink(path.join(repo, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

/** Runs git in `root` as a test author, so commits work on machines with no Git identity; throws on failure. */
export function git(root: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=Test Runner', '-c', 'user.email=tests@example.invalid', '-c', 'commit.gpgsign=false', '-C', root, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Makes `root` (a copy of the project) a Git repository with everything in one commit, as a checkout is. */
export function commitAll(root: string, message = 'Copy of the project'): void {
  if (spawnSync('git', ['-C', root, 'rev-parse', '--git-dir'], { encoding: 'utf8' }).status !== 0) git(root, 'init', '-q', '-b', 'main');
  git(root, 'add', '-A', '--', ':!node_modules');
  git(root, 'commit', '-q', '--allow-empty', '-m', message);
}
