// `npm run smoke` against the real build served on localhost (the build names LOCAL_ORIGIN, so its files
// are fetched --from the test server, as `npm run verify` does), and against the ways a deploy goes
// wrong: .well-known left out of the upload, JSON with the wrong Content-Type, a credential altered
// by one byte, a script of the verify page missing. Each failure must name its URL.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serve, type RunningServer } from '../../scripts/static-server.ts';
import { pageAssets } from '../../src/lib/deploy/smoke.ts';
import { LOCAL_ORIGIN, repo } from '../support/build.ts';

const dist = inject('builtSite');

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}
// Asynchronous, so this process's test servers can answer the script's requests meanwhile.
async function smoke(args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['scripts/smoke.ts', ...args], { cwd: repo, env: { ...process.env, ...env } });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A server in front of `upstream` that changes the Content-Type of paths `retype` picks: a misconfigured host. */
async function retyping(upstream: string, retype: (pathname: string) => string | undefined): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const answer = await fetch(`${upstream}${req.url}`);
    const body = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, { 'Content-Type': retype(pathname) ?? answer.headers.get('content-type') ?? 'application/octet-stream' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('npm run smoke', () => {
  let server: RunningServer;
  let credential: string;
  let tmp: string;
  beforeAll(async () => {
    server = await serve(dist);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'mic-smoke-'));
    const output = path.join(tmp, 'github-output');
    const picked = await smoke(['--pick', dist], { GITHUB_OUTPUT: output });
    expect(picked.status, picked.stderr).toBe(0);
    credential = /^credential=(.+)$/m.exec(await readFile(output, 'utf8'))![1]!;
  });
  afterAll(async () => {
    await server?.close();
    await rm(tmp, { recursive: true, force: true });
  });
  const against = (origin: string, ...more: string[]) => ['--site', LOCAL_ORIGIN, '--from', origin, '--allow-local', '--credential', credential, '--wait', '0', ...more];

  it('--pick chooses an active credential and the revocation list, and writes them for GitHub Actions', async () => {
    const output = path.join(tmp, 'pick-output');
    const run = await smoke(['--pick', dist], { GITHUB_OUTPUT: output });
    expect(run.status, run.stderr).toBe(0);
    expect((await readFile(output, 'utf8')).split('\n')).toEqual([`credential=${credential}`, 'status=/status/revocation-1.jwt', '']);
    // Not the revoked sample award.
    for (const file of await readdir(path.join(repo, 'content/awards'))) {
      const text = await readFile(path.join(repo, 'content/awards', file), 'utf8');
      if (text.includes(`credentialId: ${credential}`)) expect(text).not.toMatch(/^revoked: true$/m);
    }
    const empty = await smoke(['--pick', tmp]);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain(path.join(tmp, 'credentials'));
  });

  it('passes on the real build: DID document, JWKS, credential JSON and JWT verified, status list, verify page and its files', async () => {
    const run = await smoke(against(server.origin, '--status', '/status/revocation-1.jwt'));
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    for (const what of ['DID document', 'JWKS', 'credential JSON', 'credential JWT', 'status list', 'verify page', 'verify page script', 'verify page stylesheet']) {
      expect(lines.some((line) => line.startsWith(`✓ ${what}: ${server.origin}/`)), `${what}\n${run.stdout}`).toBe(true);
    }
    expect(run.stdout).toContain(`✓ credential JSON: ${server.origin}/credentials/${credential}.json verifies: valid`);
    expect(run.stdout).toMatch(/All \d+ checks passed\./);
    expect(run.stdout).not.toContain('✗');
  });

  it('fails naming both files when .well-known was left out of the upload (upload-pages-artifact before v5, or without include-hidden-files)', async () => {
    const copy = path.join(tmp, 'no-well-known');
    await cp(dist, copy, { recursive: true });
    await rm(path.join(copy, '.well-known'), { recursive: true });
    const bare = await serve(copy);
    try {
      const run = await smoke(against(bare.origin));
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`✗ DID document: ${bare.origin}/.well-known/did.json FAILED: HTTP 404`);
      expect(run.stdout).toContain(`✗ JWKS: ${bare.origin}/.well-known/jwks.json FAILED: HTTP 404`);
      // Without the JWKS nothing verifies: the credential fails too, and the last line names every failure.
      expect(run.stdout).toMatch(new RegExp(`✗ credential JSON: ${bare.origin}/credentials/${credential}\\.json FAILED: does not verify`));
      expect(run.stdout).toMatch(/Smoke test FAILED, \d+ of \d+ checks: .*\/\.well-known\/did\.json \(HTTP 404\).*\/\.well-known\/jwks\.json \(HTTP 404\)/);
    } finally {
      await bare.close();
    }
  });

  it('fails naming the URL when JSON is served as text/html', async () => {
    const proxy = await retyping(server.origin, (pathname) => (pathname.endsWith('.json') ? 'text/html; charset=utf-8' : undefined));
    try {
      const run = await smoke(against(proxy.origin));
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`✗ DID document: ${proxy.origin}/.well-known/did.json FAILED: served as text/html, expected application/json`);
      expect(run.stdout).toContain(`✗ credential JSON: ${proxy.origin}/credentials/${credential}.json FAILED: served as text/html`);
      // What does not depend on a JSON file's type still passes.
      expect(run.stdout).toContain(`✓ verify page: ${proxy.origin}/verify/`);
    } finally {
      await proxy.close();
    }
  });

  it('fails naming the URL when a credential was altered by one byte, or a script of the verify page is missing', async () => {
    const copy = path.join(tmp, 'damaged');
    await cp(dist, copy, { recursive: true });
    const file = path.join(copy, 'credentials', `${credential}.json`);
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('Innovation Skills');
    expect(at).toBeGreaterThan(0);
    // One byte: still JSON, still the same shape; only its proof no longer matches.
    await writeFile(file, `${text.slice(0, at)}innovation Skills${text.slice(at + 'Innovation Skills'.length)}`);
    const html = await readFile(path.join(copy, 'verify/index.html'), 'utf8');
    const script = pageAssets(html, `${LOCAL_ORIGIN}/verify/`).find((a) => a.kind === 'script')!;
    await rm(path.join(copy, new URL(script.url).pathname));
    const damaged = await serve(copy);
    try {
      const run = await smoke(against(damaged.origin));
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`✗ credential JSON: ${damaged.origin}/credentials/${credential}\\.json FAILED: does not verify: invalid \\(.*signature`));
      // The JWT beside it is untouched and still verifies.
      expect(run.stdout).toContain(`✓ credential JWT: ${damaged.origin}/credentials/${credential}.jwt verifies: valid`);
      expect(run.stdout).toContain(`✗ verify page script: ${damaged.origin}${new URL(script.url).pathname} FAILED: HTTP 404`);
    } finally {
      await damaged.close();
    }
  });

  it('retries while the host still serves the previous deploy, then passes', async () => {
    let misses = 0;
    const late = await retyping(server.origin, () => undefined);
    // The first answers for the DID document are 404s, as from a CDN edge that has not caught up.
    const edge: Server = createServer(async (req, res) => {
      if (req.url === '/.well-known/did.json' && misses++ < 2) {
        res.writeHead(404, { 'Content-Type': 'text/html' });
        res.end('not yet');
        return;
      }
      const answer = await fetch(`${late.origin}${req.url}`);
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? '' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => edge.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(edge.address() as AddressInfo).port}`;
    try {
      const run = await smoke([...against(origin).slice(0, -2), '--wait', '20']);
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stderr).toContain(`${origin}/.well-known/did.json: HTTP 404; trying again in 2 s`);
      expect(run.stderr).toContain(`${origin}/.well-known/did.json: HTTP 404; trying again in 4 s`);
    } finally {
      await new Promise((resolve) => edge.close(resolve));
      await late.close();
    }
  }, 30_000);

  it('contacts no http or local address without --allow-local, and needs --site', async () => {
    const local = await smoke(['--site', LOCAL_ORIGIN, '--from', server.origin]);
    expect(local.status).toBe(2);
    expect(local.stderr).toContain('is not https');
    const noSite = await smoke([], { SITE_URL: '' });
    expect(noSite.status).toBe(2);
    expect(noSite.stderr).toContain('--site');
  });
});
