/**
 * `npm run build`: builds the site into a staging folder and only then replaces dist/, so a build
 * that fails halfway (bad content, a page that throws) leaves the last good dist/ exactly as it was.
 *
 *   node scripts/build.ts [--outDir dist] [--production]
 *
 * --production (or BADGES_PRODUCTION=1) requires SITE_URL and BADGE_SIGNING_KEY instead of
 * falling back to the local address and a throwaway development key.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { removeEarlyDirOf, sweepStaleEarlyDirs } from '../src/lib/issue/early-dir-fs.ts';

const { values } = parseArgs({
  options: { outDir: { type: 'string', default: 'dist' }, production: { type: 'boolean', default: false } },
});
const root = process.cwd();
const outDir = path.resolve(root, values.outDir);
// Staging sits beside the output folder so the final renames stay on one file system, and carries
// the process id so two builds at once (a test run and a manual build) never share a folder.
const staging = path.join(path.dirname(outDir), `.${path.basename(outDir)}.next-${process.pid}`);
const previous = path.join(path.dirname(outDir), `.${path.basename(outDir)}.previous-${process.pid}`);

await mkdir(path.dirname(staging), { recursive: true });
// Staging folders left by builds that were killed before they could clean up (their process is gone).
// A leftover `.previous-*` is kept: if a build died mid-swap it is the last good site.
const prefix = `.${path.basename(outDir)}.`;
for (const name of await readdir(path.dirname(outDir))) {
  const pid = name.startsWith(prefix) ? /^next-(\d+)$/.exec(name.slice(prefix.length))?.[1] : undefined;
  if (pid && !isRunning(Number(pid))) await rm(path.join(path.dirname(outDir), name), { recursive: true, force: true });
}
// The badge issuer's early folders go the same way (src/lib/issue/early-dir-fs.ts).
await sweepStaleEarlyDirs(staging, isRunning);

const astro = path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
const result = spawnSync(process.execPath, [astro, 'build', '--outDir', staging], {
  stdio: 'inherit',
  env: { ASTRO_TELEMETRY_DISABLED: '1', ...process.env, ...(values.production ? { BADGES_PRODUCTION: '1' } : {}) },
});

// The badge issuer writes credential files beside the output while Astro builds; a build that
// stopped early (a page threw, Ctrl+C) may not have removed them, so they go now, whatever happened.
if (result.pid) await removeEarlyDirOf(staging, result.pid);

if (result.error) console.error(`Could not start Astro: ${result.error.message}`);
if (result.status !== 0) {
  await rm(staging, { recursive: true, force: true });
  const kept = existsSync(outDir) ? `${path.relative(root, outDir)}/ still holds the last good build.` : 'Nothing was published.';
  console.error(`\nBuild failed. ${kept}`);
  process.exit(result.status ?? 1);
}

// Two renames on one file system: dist/ is never missing for longer than it takes to swap names,
// and if the second rename fails the previous build is put back.
const hadPrevious = existsSync(outDir);
if (hadPrevious) await rename(outDir, previous);
try {
  await rename(staging, outDir);
} catch (error) {
  if (hadPrevious) await rename(previous, outDir);
  await rm(staging, { recursive: true, force: true });
  console.error(`\nCould not publish the build (${(error as Error).message}). ${path.relative(root, outDir)}/ still holds the last good build.`);
  process.exit(1);
}
await rm(previous, { recursive: true, force: true });
console.log(`\nPublished the build to ${path.relative(root, outDir) || '.'}/.`);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
