// `npm run smoke` against the real build served on localhost (the build names LOCAL_ORIGIN, so its files
// are fetched --from the test server, as `npm run verify` does), and against the ways a deploy goes
// wrong: .well-known left out of the upload, JSON with the wrong Content-Type, a credential altered
// by one byte, a script of the verify page missing. Each failure must name its URL. Then the holes a
// hostile review of issue 27 found, each now a regression test: --pick on a site with no active
// credential, an empty --credential or --status, another valid credential (or the JSON) served at the
// asked credential's address, a did.json without usable keys, a verify page loading another origin's
// script or carrying a <base href>.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serve, type RunningServer } from '../../scripts/static-server.ts';
import { pickFromDist } from '../../src/lib/deploy/pick-fs.ts';
import { ed25519Multikey } from '../../src/lib/data-integrity/multibase.ts';
import { compactJwsProblem, pageAssets, smoke as smokeCheck, type SmokeCheck } from '../../src/lib/deploy/smoke.ts';
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
  const against = (origin: string, ...more: string[]) => ['--site', LOCAL_ORIGIN, '--from', origin, '--allow-local', '--credential', credential, '--status', '/status/revocation-1.jwt', '--wait', '0', ...more];

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
    // Not a built site: nothing to pick from, and it says what is missing.
    const empty = await smoke(['--pick', tmp]);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain(path.join(tmp, 'status', 'revocation-1.jwt'));
  });

  // The attack: a new site before its first cohort could not be deployed at all (--pick exited 1 in the build job).
  it('--pick on a site with no credential writes credential=none with a warning naming why, and the status list', async () => {
    const copy = path.join(tmp, 'no-credentials');
    await cp(dist, copy, { recursive: true });
    for (const name of await readdir(path.join(copy, 'credentials'))) await rm(path.join(copy, 'credentials', name), { recursive: true });
    const output = path.join(tmp, 'none-output');
    const run = await smoke(['--pick', copy], { GITHUB_OUTPUT: output, GITHUB_ACTIONS: 'true' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect((await readFile(output, 'utf8')).split('\n')).toEqual(['credential=none', 'status=/status/revocation-1.jwt', '']);
    expect(run.stdout).toContain(`WARNING: no active credential to check: ${path.join(copy, 'credentials')} holds no credential (none issued yet)`);
    // Shown on the run's summary page in GitHub Actions.
    expect(run.stdout).toMatch(/^::warning title=Smoke test::no active credential to check: /m);
    // No credentials folder at all is the same.
    await rm(path.join(copy, 'credentials'), { recursive: true });
    const bare = await smoke(['--pick', copy]);
    expect(bare.status, bare.stderr).toBe(0);
    expect(bare.stdout).toContain('credential=none');
  });

  it('--pick when every credential is inactive (revoked, or not valid yet) picks none, naming each verdict; a build that does not verify still stops', async () => {
    const before = await pickFromDist(dist, new Date('2020-01-01T00:00:00Z'));
    expect(before.credential).toBe('none');
    expect(before.status).toBe('/status/revocation-1.jwt');
    expect(before.warning).toMatch(/^no credential in .* is active today \(/);
    expect(before.warning).toContain(': revoked');
    expect(before.warning).toContain(': not-yet-valid');
    // Without its JWKS no credential verifies at all: not "inactive", a broken build.
    const copy = path.join(tmp, 'no-jwks');
    await cp(dist, copy, { recursive: true });
    await rm(path.join(copy, '.well-known', 'jwks.json'));
    await expect(pickFromDist(copy)).rejects.toThrow(/and \d+ fail for another reason than being inactive \(.*: (invalid|unknown-issuer|error|status-unknown)/);
  });

  it('passes on the real build: DID document, JWKS, credential JSON and JWT verified, status list, verify page and its files', async () => {
    const run = await smoke(against(server.origin));
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    for (const what of ['DID document', 'JWKS', 'credential JSON', 'credential JWT', 'status list', 'verify page', 'verify page script', 'verify page stylesheet']) {
      expect(lines.some((line) => line.startsWith(`✓ ${what}: ${server.origin}/`)), `${what}\n${run.stdout}`).toBe(true);
    }
    expect(run.stdout).toContain(`✓ credential JSON: ${server.origin}/credentials/${credential}.json verifies: valid, is ${credential}, its proof's key listed in did.json`);
    expect(run.stdout).toContain(`✓ credential JWT: ${server.origin}/credentials/${credential}.jwt verifies: valid, is ${credential}`);
    expect(run.stdout).toContain(`✓ DID document: ${server.origin}/.well-known/did.json id did:web:localhost%3A4321, 1 assertion method(s), each the JWKS's key of the same name`);
    expect(run.stdout).not.toContain('WARNING');
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
    const script = pageAssets(html, `${LOCAL_ORIGIN}/verify/`).assets.find((a) => a.kind === 'script')!;
    await rm(path.join(copy, new URL(script.url).pathname));
    const damaged = await serve(copy);
    try {
      const run = await smoke(against(damaged.origin));
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`✗ credential JSON: ${damaged.origin}/credentials/${credential}\\.json FAILED: does not verify: invalid \\(.*signature`));
      // The JWT beside it is untouched and still verifies.
      expect(run.stdout).toContain(`✓ credential JWT: ${damaged.origin}/credentials/${credential}.jwt verifies: valid, is ${credential}`);
      expect(run.stdout).toContain(`✗ verify page script: ${damaged.origin}${new URL(script.url).pathname} FAILED: HTTP 404`);
    } finally {
      await damaged.close();
    }
  });

  it('retries while the host still serves the previous deploy, then passes', async () => {
    let first: number | undefined;
    const late = await retyping(server.origin, () => undefined);
    // For its first 3 seconds the DID document is a 404, as from a CDN edge that has not caught up (the
    // credential JSON check reads it too, so the time, not a count of requests, says when it is there).
    const edge: Server = createServer(async (req, res) => {
      if (req.url === '/.well-known/did.json' && Date.now() - (first ??= Date.now()) < 3_000) {
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

  // The attack: --credential "" (a misspelt step output in deploy.yml) passed without checking any credential.
  it('needs --credential and --status: missing, empty or not one of the site\'s is bad usage (exit 2), and nothing is contacted', async () => {
    const base = ['--site', LOCAL_ORIGIN, '--from', server.origin, '--allow-local', '--wait', '0'];
    const cases: [string[], string][] = [
      [['--status', '/status/revocation-1.jwt'], '--credential is missing'],
      [['--credential', '', '--status', '/status/revocation-1.jwt'], '--credential is empty'],
      [['--credential', 'NONE', '--status', '/status/revocation-1.jwt'], '--credential "NONE" is not a credential id'],
      [['--credential', credential], '--status is missing'],
      [['--credential', credential, '--status', ''], '--status is empty'],
      [['--credential', credential, '--status', '/status/other-1.jwt'], '--status "/status/other-1.jwt" is not one of this site\'s status lists'],
      [['--credential', credential, '--status', 'status/revocation-1.jwt'], 'is not one of this site\'s status lists'],
    ];
    for (const [args, message] of cases) {
      const run = await smoke([...base, ...args]);
      expect(run.status, `${args.join(' ')}\n${run.stdout}${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stdout).not.toContain('Smoke test of');
    }
  });

  it('--credential none checks everything else and says loudly that no credential was checked', async () => {
    const run = await smoke(['--site', LOCAL_ORIGIN, '--from', server.origin, '--allow-local', '--credential', 'none', '--status', '/status/suspension-1.jwt', '--wait', '0']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^WARNING: no active credential to check: --credential none/);
    expect(lines.at(-1)).toMatch(/^WARNING: no active credential to check: /);
    expect(run.stdout).not.toContain('credential JSON');
    expect(run.stdout).toContain(`✓ status list: ${server.origin}/status/suspension-1.jwt a suspension list`);
    expect(run.stdout).toMatch(/All 6 checks passed\./);
  });
});

/** What a tampering host serves instead of a file of the build: another status, body or Content-Type. */
type Tamper = (pathname: string, body: Buffer, type: string) => { status?: number; body?: Buffer | string; type?: string } | undefined;
const TYPES: Record<string, string> = { '.json': 'application/json', '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.jwt': 'application/octet-stream' };

/** The built site on a local server that changes what `tamper` picks: a host serving the wrong or doctored files. */
async function tampered(tamper: Tamper) {
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (pathname.endsWith('/')) pathname += 'index.html';
    let body: Buffer;
    try {
      body = await readFile(path.join(dist, pathname));
    } catch {
      res.writeHead(404).end();
      return;
    }
    const type = TYPES[path.extname(pathname)] ?? 'application/octet-stream';
    const out = tamper(pathname, body, type);
    res.writeHead(out?.status ?? 200, { 'Content-Type': out?.type ?? type });
    res.end(out?.body ?? body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('npm run smoke on a host serving the wrong files (the attacks of issue 27)', () => {
  let picked: string;
  let other: string;
  beforeAll(async () => {
    picked = (await pickFromDist(dist)).credential;
    // Another credential of the same build that is also valid (the sample has two active ones; b3935368 is revoked).
    const ids = (await readdir(path.join(dist, 'credentials'))).filter((n) => n.endsWith('.jwt')).map((n) => n.slice(0, -4));
    other = ids.find((id) => id !== picked && !id.startsWith('b3935368'))!;
    expect(other).toBeDefined();
  });

  /** The library's smoke test against the tampered host, every request recorded. */
  async function run(tamper: Tamper) {
    const host = await tampered(tamper);
    const contacted: string[] = [];
    try {
      const checks = await smokeCheck({
        site: LOCAL_ORIGIN,
        served: host.origin,
        credential: picked,
        status: '/status/revocation-1.jwt',
        fetch: (url, init) => {
          contacted.push(url);
          return fetch(url, init);
        },
        retryForMs: 0,
        timeoutMs: 5_000,
      });
      const failed = checks.filter((c: SmokeCheck) => !c.ok);
      return { host: host.origin, checks, contacted, failed, line: (what: string) => checks.find((c) => c.what === what)! };
    } finally {
      await host.close();
    }
  }

  it('control: the untouched build passes, contacting only the served origin', async () => {
    const r = await run(() => undefined);
    expect(r.failed, JSON.stringify(r.failed)).toEqual([]);
    for (const url of r.contacted) expect(new URL(url).origin).toBe(r.host);
  });

  it('another valid credential served at the asked credential\'s .json and .jwt fails both, naming the credential served', async () => {
    const r = await run((pathname) => {
      if (pathname === `/credentials/${picked}.json` || pathname === `/credentials/${picked}.jwt`) return { body: readFileSync(path.join(dist, pathname.replace(picked, other))) };
      return undefined;
    });
    expect(r.failed.map((c) => c.what).sort()).toEqual(['credential JSON', 'credential JWT']);
    const served = `${LOCAL_ORIGIN}/credentials/${other}.json`;
    expect(r.line('credential JSON').url).toBe(`${r.host}/credentials/${picked}.json`);
    expect(r.line('credential JSON').detail).toBe(`is credential "${served}" (its id), not ${LOCAL_ORIGIN}/credentials/${picked}.json: the host serves another file at this address; deploy the build's credentials/ folder as it is`);
    expect(r.line('credential JWT').detail).toContain(`is credential "${served}" (its id), not ${LOCAL_ORIGIN}/credentials/${picked}.json`);
  });

  it('the credential JSON served at the .jwt address fails the JWT check before verification', async () => {
    const r = await run((pathname) => (pathname === `/credentials/${picked}.jwt` ? { body: readFileSync(path.join(dist, `credentials/${picked}.json`)) } : undefined));
    expect(r.failed.map((c) => c.what)).toEqual(['credential JWT']);
    expect(r.line('credential JWT').detail).toBe("is not a compact JWS (three base64url parts joined by dots): it is JSON (the credential JSON served at the .jwt address?); deploy the build's .jwt file");
  });

  it('the credential JSON without its proof fails (the core would judge its JWT twin instead)', async () => {
    const r = await run((pathname, body) => {
      if (pathname !== `/credentials/${picked}.json`) return undefined;
      const { proof: _proof, ...rest } = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      return { body: JSON.stringify(rest) };
    });
    expect(r.failed.map((c) => c.what)).toEqual(['credential JSON']);
    // The core verified it (by its signed JWT twin); only this check sees that the file is not the build's.
    expect(r.line('credential JSON').detail).toBe("has no Data Integrity proof naming its key, as every credential JSON the build writes has: deploy the build's credentials/ folder as it is");
  });

  it('a caller in code that leaves out the credential or the status list gets failures at once, never a pass', async () => {
    const host = await tampered(() => undefined);
    try {
      // The default retry time (three minutes) would outlast this test: these fail without retrying.
      const checks = await smokeCheck({ site: LOCAL_ORIGIN, served: host.origin, fetch: (url: string, init?: RequestInit) => fetch(url, init) } as unknown as Parameters<typeof smokeCheck>[0]);
      const failed = checks.filter((c) => !c.ok);
      expect(failed).toEqual([
        { ok: false, url: `${host.origin}/credentials/`, what: 'credential', detail: expect.stringMatching(/^--credential is missing: /) },
        { ok: false, url: `${host.origin}/status/`, what: 'status list', detail: expect.stringMatching(/^--status is missing: /) },
      ]);
    } finally {
      await host.close();
    }
  }, 10_000);

  it('a compact JWS is three non-empty canonical base64url parts', () => {
    expect(compactJwsProblem('eyJh.eyJi.c2ln')).toBeUndefined();
    for (const bad of ['eyJh.eyJi', 'eyJh.eyJi.c2ln.eA', 'eyJh..c2ln', 'eyJh.eyJi.c2l+', 'eyJh.eyJi.c2ln\n.x', 'eyJh.eyJi.c2m']) expect(compactJwsProblem(bad), bad).toMatch(/^is not a compact JWS/);
  });

  it('a did.json with the right id and no verification methods fails, and so does the credential JSON whose proof\'s key it no longer lists', async () => {
    const r = await run((pathname, body) => {
      if (pathname !== '/.well-known/did.json') return undefined;
      const doc = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      return { body: JSON.stringify({ ...doc, verificationMethod: [], assertionMethod: [] }) };
    });
    expect(r.failed.map((c) => c.what).sort()).toEqual(['DID document', 'credential JSON']);
    expect(r.line('DID document').detail).toBe("lists no assertionMethod: verifiers that resolve did:web:localhost%3A4321 find no key to check the credentials' proofs with; deploy the build's .well-known/did.json");
    expect(r.line('credential JSON').detail).toMatch(new RegExp(`^its proof's key "did:web:localhost%3A4321#[\\w-]+" is not an assertionMethod of ${r.host}/\\.well-known/did\\.json: `));
  });

  it('a did.json whose assertion method has no key, or another key than the JWKS\'s, fails naming the method and the JWKS', async () => {
    const doctor = (change: (method: Record<string, unknown>) => void) => (pathname: string, body: Buffer) => {
      if (pathname !== '/.well-known/did.json') return undefined;
      const doc = JSON.parse(body.toString('utf8')) as { verificationMethod: Record<string, unknown>[] };
      change(doc.verificationMethod[0]!);
      return { body: JSON.stringify(doc) };
    };
    const keyless = await run(
      doctor((m) => {
        delete m.publicKeyMultibase;
      }),
    );
    expect(keyless.failed.map((c) => c.what)).toEqual(['DID document']);
    expect(keyless.line('DID document').detail).toMatch(/^did:web:localhost%3A4321#[\w-]+ has no key \(neither publicKeyMultibase nor publicKeyJwk\)\. Deploy the build's \.well-known\/did\.json and \.well-known\/jwks\.json together$/);
    // Another Ed25519 key: a did.json from another build.
    const otherKey = await run(
      doctor((m) => {
        m.publicKeyMultibase = ed25519Multikey(new Uint8Array(32).fill(7));
      }),
    );
    expect(otherKey.failed.map((c) => c.what)).toEqual(['DID document']);
    expect(otherKey.line('DID document').detail).toMatch(new RegExp(`#[\\w-]+'s key is not the JWKS's key ${LOCAL_ORIGIN}/keys/[\\w-]+\\.json \\(${otherKey.host}/\\.well-known/jwks\\.json\\): the two files are not from the same build`));
    // The same key as a JWK passes: either form of key material is read.
    const asJwk = (extra: Record<string, string>) => (pathname: string, body: Buffer) => {
      if (pathname !== '/.well-known/did.json') return undefined;
      const doc = JSON.parse(body.toString('utf8')) as { verificationMethod: Record<string, unknown>[] };
      const jwks = JSON.parse(readFileSync(path.join(dist, '.well-known/jwks.json'), 'utf8')) as { keys: { kty: string; crv?: string; x?: string }[] };
      const ed = jwks.keys.find((k) => k.kty === 'OKP')!;
      delete doc.verificationMethod[0]!.publicKeyMultibase;
      doc.verificationMethod[0]!.publicKeyJwk = { kty: 'OKP', crv: ed.crv, x: ed.x, ...extra };
      return { body: JSON.stringify(doc) };
    };
    const jwk = await run(asJwk({}));
    expect(jwk.failed, JSON.stringify(jwk.failed)).toEqual([]);
    // ...but not with its private half.
    const secret = await run(asJwk({ d: 'c2VjcmV0LXZhbHVlLW5ldmVyLXByaW50ZWQ' }));
    expect(secret.failed.map((c) => c.what)).toEqual(['DID document']);
    expect(secret.line('DID document').detail).toMatch(/#[\w-]+ publishes private key material \(d\): replace the key now/);
    expect(JSON.stringify(secret.checks)).not.toContain('c2VjcmV0LXZhbHVlLW5ldmVyLXByaW50ZWQ');
  });

  it('a JWKS that publishes private key material fails, naming the key and the members but never their values', async () => {
    const r = await run((pathname, body) => {
      if (pathname !== '/.well-known/jwks.json') return undefined;
      const jwks = JSON.parse(body.toString('utf8')) as { keys: Record<string, unknown>[] };
      jwks.keys[0]!.d = 'c2VjcmV0LXZhbHVlLW5ldmVyLXByaW50ZWQ';
      return { body: JSON.stringify(jwks) };
    });
    expect(r.failed.map((c) => c.what)).toContain('JWKS');
    expect(r.line('JWKS').detail).toMatch(new RegExp(`^publishes private key material: ${LOCAL_ORIGIN}/keys/[\\w-]+\\.json \\(d\\)\\. Anyone can sign as this site with it: replace the key now`));
    expect(JSON.stringify(r.checks)).not.toContain('c2VjcmV0LXZhbHVlLW5ldmVyLXByaW50ZWQ');
  });

  it('a /verify/ that loads a script, a stylesheet or a module preload from another origin fails naming it, and never fetches it', async () => {
    const r = await run((pathname, body) =>
      pathname === '/verify/index.html'
        ? {
            body: body
              .toString('utf8')
              .replace(
                '</head>',
                '<script src="https://cdn.evil.example/verify.js"></script><link rel="stylesheet" href="//cdn.evil.example/a.css"><link rel="modulepreload" href="https://cdn.evil.example/m.js"></head>',
              ),
          }
        : undefined,
    );
    expect(r.failed.map((c) => c.what)).toEqual(['verify page']);
    const detail = r.line('verify page').detail;
    expect(detail).toContain('loads a script from another origin (https://cdn.evil.example/verify.js; not fetched)');
    expect(detail).toContain('loads a stylesheet from another origin (http://cdn.evil.example/a.css; not fetched)');
    expect(detail).toContain('loads a script from another origin (https://cdn.evil.example/m.js; not fetched)');
    for (const url of r.contacted) expect(new URL(url).origin).toBe(r.host);
  });

  it('a /verify/ with a <base href> to another origin fails; the built page has no <base> at all', async () => {
    expect(pageAssets(await readFile(path.join(dist, 'verify/index.html'), 'utf8'), `${LOCAL_ORIGIN}/verify/`).problems).toEqual([]);
    const r = await run((pathname, body) => (pathname === '/verify/index.html' ? { body: body.toString('utf8').replace('<head>', '<head><base href="https://cdn.evil.example/">') } : undefined));
    expect(r.failed.map((c) => c.what)).toEqual(['verify page']);
    expect(r.line('verify page').detail).toBe(`has a <base href="https://cdn.evil.example/">, which moves every relative script and stylesheet address (the site's pages have none): deploy the build's own verify/index.html`);
    for (const url of r.contacted) expect(new URL(url).origin).toBe(r.host);
  });
});
