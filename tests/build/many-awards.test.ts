// A real build with enough awards to issue on worker threads (see src/lib/issue/pool-fs.ts): the
// credential files written beside the output while Astro builds, moved in at the end, and a page
// filled from the template for every credential.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticAwardYaml, takenSlots } from '../../scripts/synthetic-awards.ts';
import { WORKER_THRESHOLD } from '../../src/lib/issue/pool-fs.ts';
import { verify } from '../../src/lib/verify/verify.ts';
import { copyProject, LOCAL_ORIGIN, runBuild } from '../support/build.ts';
import { isEarlyDirName } from '../../src/lib/issue/early-dir-fs.ts';

const EXTRA = WORKER_THRESHOLD + 50;
let root: string;
let output: string;
let status: number | null;
let awards: number;

beforeAll(async () => {
  root = await copyProject();
  const folder = path.join(root, 'content/awards');
  const existing = await readdir(folder);
  const taken = takenSlots(await Promise.all(existing.map((f) => readFile(path.join(folder, f), 'utf8'))));
  let slot = 0;
  for (let n = 0; n < EXTRA; n += 1) {
    while (taken.has(slot)) slot += 1;
    taken.add(slot);
    await writeFile(path.join(folder, `scale-${String(n).padStart(4, '0')}.yaml`), syntheticAwardYaml(n, { achievement: 'innovation-skills', statusIndex: slot }));
  }
  awards = existing.length + EXTRA;
  ({ status, output } = runBuild(root));
}, 180_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe(`a build with ${WORKER_THRESHOLD + 50}+ awards (issued on worker threads)`, () => {
  it('builds, and leaves no template and no folder of early-written files behind', async () => {
    expect(status, output).toBe(0);
    expect(output).toContain(`Issuing ${awards} credential(s)`);
    expect((await readdir(path.join(root, 'dist/credentials'))).filter((n) => n.startsWith('template-'))).toEqual([]);
    expect((await readdir(root)).filter((n) => isEarlyDirName(n))).toEqual([]);
  });

  it('publishes every credential with its files and a page of its own, every slot filled', async () => {
    const credentials = path.join(root, 'dist/credentials');
    const ids = (await readdir(credentials)).filter((n) => /^[0-9a-f-]{36}$/.test(n));
    expect(ids).toHaveLength(awards);
    for (const id of ids) {
      for (const extension of ['.jwt', '.json', '.png', '.svg']) expect(existsSync(path.join(credentials, `${id}${extension}`)), `${id}${extension}`).toBe(true);
      const page = await readFile(path.join(credentials, id, 'index.html'), 'utf8');
      expect(page).not.toMatch(/x-mic-[0-9a-f]{16}-/);
      expect(page).toContain(`<link rel="canonical" href="${LOCAL_ORIGIN}/credentials/${id}/">`);
      expect(page).toContain(`data-credential-url="${LOCAL_ORIGIN}/credentials/${id}.jwt"`);
    }
  });

  it('leaves dist/ as it was and no early-written files behind when a page fails while the workers sign', async () => {
    const before = await readFile(path.join(root, 'dist/index.html'), 'utf8');
    const page = path.join(root, 'src/pages/zz-broken.astro');
    await writeFile(page, "---\nthrow new Error('page exploded on purpose');\n---\n");
    const failed = runBuild(root);
    await rm(page);
    expect(failed.status).not.toBe(0);
    expect(failed.output).toContain('page exploded on purpose');
    expect(await readFile(path.join(root, 'dist/index.html'), 'utf8')).toBe(before);
    expect((await readdir(root)).filter((n) => isEarlyDirName(n) || n.startsWith('.dist.'))).toEqual([]);
  });

  it('publishes credentials the verification core accepts, from the token and from the baked badge', async () => {
    const dist = path.join(root, 'dist');
    const jwks = JSON.parse(await readFile(path.join(dist, '.well-known/jwks.json'), 'utf8')) as JSONWebKeySet;
    const ids = (await readdir(path.join(dist, 'credentials'))).filter((n) => /^[0-9a-f-]{36}$/.test(n));
    for (const id of [ids[0]!, ids[Math.floor(ids.length / 2)]!, ids.at(-1)!]) {
      for (const file of [`${id}.jwt`, `${id}.png`]) {
        const input = file.endsWith('.png') ? new Uint8Array(await readFile(path.join(dist, 'credentials', file))) : await readFile(path.join(dist, 'credentials', file), 'utf8');
        const result = await verify(input, { siteOrigin: LOCAL_ORIGIN, trustedKeys: jwks, checkStatus: false });
        expect(result.verdict, `${file}: ${JSON.stringify(result.checks.filter((c) => c.status === 'fail'))}`).toBe('valid');
      }
    }
  });
});
