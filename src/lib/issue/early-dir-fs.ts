/**
 * The folder a build's credential files are written to while Astro builds (Astro empties the output
 * folder when it starts, so they cannot go there yet): `.mic-badges-<pid>` beside the output folder,
 * moved in with one rename at astro:build:done. Every creation and removal of it is here, so a build
 * that stops at any point (a page throws, Ctrl+C, a killed process) never leaves one behind for long.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

const PREFIX = '.mic-badges-';
const NAME = /^\.mic-badges-(\d+)$/;

/** The early folder of the build process `pid` whose output folder is `outDir`. */
export function earlyDirOf(outDir: string, pid: number = process.pid): string {
  return path.join(path.dirname(path.resolve(outDir)), `${PREFIX}${pid}`);
}

/** True for the name of an early folder (any process). */
export const isEarlyDirName = (name: string): boolean => NAME.test(name);

/**
 * Creates an empty early folder for this process and removes it when the process exits, whatever
 * the reason. (Workers may still be writing into it as the process ends; the parent's sweep then
 * removes it: removeEarlyDirOf.)
 */
export function createEarlyDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.once('exit', () => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort at exit: scripts/build.ts removes it after the Astro process has gone.
    }
  });
}

/** Removes an early folder (after a build, successful or not). */
export async function removeEarlyDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Removes the early folder of the finished build process `pid` that built into `outDir`. */
export async function removeEarlyDirOf(outDir: string, pid: number): Promise<void> {
  await removeEarlyDir(earlyDirOf(outDir, pid));
}

/** Removes early folders beside `outDir` left by builds whose process is gone (killed before cleaning up). */
export async function sweepStaleEarlyDirs(outDir: string, isRunning: (pid: number) => boolean): Promise<void> {
  const parent = path.dirname(path.resolve(outDir));
  for (const name of await readdir(parent)) {
    const pid = NAME.exec(name)?.[1];
    if (pid && !isRunning(Number(pid))) await removeEarlyDir(path.join(parent, name));
  }
}
