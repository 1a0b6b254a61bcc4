// Builds the site once for every test file that reads dist/ or drives a browser against it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { repo, runBuild } from './support/build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of a fresh `npm run build` output. */
    builtSite: string;
  }
}

export default async function setup(project: TestProject) {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'mic-dist-'));
  const dist = path.join(tmp, 'dist');
  const { status, output } = runBuild(repo, { outDir: dist });
  if (status !== 0) throw new Error(`The site did not build, so no build or browser test can run:\n${output}`);
  project.provide('builtSite', dist);
  return async () => {
    await rm(tmp, { recursive: true, force: true });
  };
}
