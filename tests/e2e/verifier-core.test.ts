// Independent software nobody here wrote: the Digital Credentials Consortium's verifier-core (the
// engine of VerifierPlus and the Learner Credential Wallet), pinned in package.json, verifies every
// published credential .json of the built site, served on localhost. It resolves did:web over https
// and fetches the status list and the credentialSchema with the global fetch, so a fetch shim sends
// https://localhost:4321/ and http://localhost:4321/ (the build's SITE_URL) to the local server and
// the 1EdTech schema URL to the vendored copy; any other request fails the test.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serve, type RunningServer } from '../../scripts/static-server.ts';
import { LOCAL_ORIGIN, repo } from '../support/build.ts';
import { fixtureText } from '../support/fixtures.ts';
import { extractLikeLcw } from '../support/lcw-extract.ts';

const dist = inject('builtSite');
const SCHEMA = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
/** What verifier-core checks an EndorsementCredential against (by its type): served from the vendored copy too. */
const ENDORSEMENT_SCHEMA = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json';

interface LogEntry {
  id: string;
  valid?: boolean;
  error?: { name: string; message: string };
}
interface Result {
  log?: LogEntry[];
  errors?: { name: string; message: string }[];
  additionalInformation?: { id: string; results?: { schema: string; result: { valid: boolean; errors?: unknown[] } }[] }[];
}

describe('the DCC verifier-core accepts the published credentials', () => {
  let server: RunningServer;
  const realFetch = globalThis.fetch;
  const unexpected: string[] = [];
  let verifyCredential: (options: { credential: unknown; knownDIDRegistries: unknown[] }) => Promise<Result>;

  beforeAll(async () => {
    server = await serve(dist);
    const site = new URL(LOCAL_ORIGIN);
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url === SCHEMA) return new Response(fixtureText('1edtech/schemas/ob_v3p0_achievementcredential_schema.json'), { headers: { 'content-type': 'application/json' } });
      if (url === ENDORSEMENT_SCHEMA) return new Response(fixtureText('1edtech/schemas/ob_v3p0_endorsementcredential_schema.json'), { headers: { 'content-type': 'application/json' } });
      const parsed = new URL(url);
      if (parsed.host === site.host) {
        const local = `${server.origin}${parsed.pathname}${parsed.search}`;
        return realFetch(input instanceof Request ? new Request(local, input) : local, init);
      }
      unexpected.push(url);
      throw new TypeError(`The test allows no request to ${url}`);
    }) as typeof fetch;
    ({ verifyCredential } = (await import('@digitalcredentials/verifier-core')) as unknown as { verifyCredential: typeof verifyCredential });
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await server?.close();
  });

  it('verifies every credential .json: signature, expiry and revocation (the revoked sample as revoked), schema valid, no errors', async () => {
    const awards = await readdir(path.join(repo, 'content/awards'));
    expect(awards.length).toBeGreaterThan(0);
    for (const file of awards) {
      const text = await readFile(path.join(repo, 'content/awards', file), 'utf8');
      const id = /credentialId: (\S+)/.exec(text)![1]!;
      const revoked = /^revoked: true$/m.test(text);
      const credential = JSON.parse(await readFile(path.join(dist, 'credentials', `${id}.json`), 'utf8'));
      // The City is in no DCC issuer registry: registered_issuer is expected to be false.
      const result = await verifyCredential({ credential, knownDIDRegistries: [] });
      expect(result.errors, `${file}: ${JSON.stringify(result.errors)}`).toBeUndefined();
      const entries = Object.fromEntries((result.log ?? []).map((entry) => [entry.id, entry]));
      expect(entries.valid_signature, file).toMatchObject({ valid: true });
      expect(entries.expiration, file).toMatchObject({ valid: true });
      expect(entries.revocation_status, `${file}: ${JSON.stringify(entries.revocation_status)}`).toMatchObject({ valid: !revoked });
      expect(entries.revocation_status?.error, file).toBeUndefined();
      expect(entries.registered_issuer, file).toMatchObject({ valid: false });
      const schema = result.additionalInformation?.find((info) => info.id === 'schema_check')?.results ?? [];
      expect(schema.map((s) => [s.schema, s.result.valid]), `${file}: ${JSON.stringify(schema)}`).toEqual([[SCHEMA, true]]);
    }
    expect(unexpected).toEqual([]);
  });

  /** Every award's credential id and whether it is revoked, from content/awards. */
  async function awardsOf(): Promise<{ file: string; id: string; revoked: boolean }[]> {
    const files = await readdir(path.join(repo, 'content/awards'));
    return Promise.all(
      files.map(async (file) => {
        const text = await readFile(path.join(repo, 'content/awards', file), 'utf8');
        return { file, id: /credentialId: (\S+)/.exec(text)![1]!, revoked: /^revoked: true$/m.test(text) };
      }),
    );
  }

  async function expectVerified(credential: unknown, what: string, revoked: boolean) {
    const result = await verifyCredential({ credential, knownDIDRegistries: [] });
    expect(result.errors, `${what}: ${JSON.stringify(result.errors)}`).toBeUndefined();
    const entries = Object.fromEntries((result.log ?? []).map((entry) => [entry.id, entry]));
    expect(entries.valid_signature, what).toMatchObject({ valid: true });
    expect(entries.revocation_status, `${what}: ${JSON.stringify(entries.revocation_status)}`).toMatchObject({ valid: !revoked });
    expect(entries.revocation_status?.error, what).toBeUndefined();
  }

  it('verifies the credential in every baked PNG and SVG, pulled out as LCW and VerifierPlus do (keyword, then brace matching)', async () => {
    let images = 0;
    for (const { file, id, revoked } of await awardsOf()) {
      const published = JSON.parse(await readFile(path.join(dist, 'credentials', `${id}.json`), 'utf8'));
      for (const [extension, keyword] of [['png', 'openbadgecredential'], ['svg', 'openbadges:credential']] as const) {
        const where = path.join(dist, 'credentials', `${id}.${extension}`);
        if (!existsSync(where)) continue;
        const credential = extractLikeLcw(await readFile(where), keyword);
        expect(credential, `${file} .${extension}`).toEqual(published);
        await expectVerified(credential, `${file} .${extension}`, revoked);
        images += 1;
      }
    }
    expect(images).toBeGreaterThan(1);
    expect(unexpected).toEqual([]);
  });

  it("verifies the credential that each page's Learner Credential Wallet link offers, and links VerifierPlus to the .json", async () => {
    let links = 0;
    for (const { file, id, revoked } of await awardsOf()) {
      const html = await readFile(path.join(dist, 'credentials', id, 'index.html'), 'utf8');
      const href = (name: string) => {
        const match = new RegExp(`<a [^>]*href="([^"]*)"[^>]*>${name}</a>`).exec(html);
        return match?.[1]?.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      };
      const lcw = href('Open in Learner Credential Wallet');
      // Only a credential that stands offers a wallet.
      if (revoked) {
        expect(lcw, file).toBeUndefined();
        continue;
      }
      const jsonUrl = `${LOCAL_ORIGIN}/credentials/${id}.json`;
      expect(href('Verify independently on VerifierPlus'), file).toBe(`https://verifierplus.org/#verify?vc=${jsonUrl}`);
      // As LCW reads it (app/lib/walletRequestApi.ts): the query decoded once, then JSON.parse(decodeURI(…)).
      const url = new URL(lcw!);
      expect(url.origin + url.pathname).toBe('https://lcw.app/request');
      const message = JSON.parse(decodeURI(url.searchParams.get('request')!));
      const published = JSON.parse(await readFile(path.join(dist, 'credentials', `${id}.json`), 'utf8'));
      expect(message, file).toEqual({
        verifiablePresentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [published] },
      });
      await expectVerified(message.verifiablePresentation.verifiableCredential[0], `${file} wallet link`, false);
      links += 1;
    }
    expect(links).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);
  });

  it('verifies the partner endorsement each credential embeds, on its own: its did:key resolved locally, schema valid, nothing else fetched', async () => {
    let endorsements = 0;
    const committed = JSON.parse(await readFile(path.join(repo, 'content/endorsements/sample-endorser-innovation-skills.json'), 'utf8'));
    for (const { file, id } of await awardsOf()) {
      const published = JSON.parse(await readFile(path.join(dist, 'credentials', `${id}.json`), 'utf8'));
      for (const endorsement of published.credentialSubject.achievement.endorsement ?? []) {
        // Embedded exactly as the partner signed it.
        expect(endorsement, file).toEqual(committed);
        const result = await verifyCredential({ credential: endorsement, knownDIDRegistries: [] });
        expect(result.errors, `${file} endorsement: ${JSON.stringify(result.errors)}`).toBeUndefined();
        const entries = Object.fromEntries((result.log ?? []).map((entry) => [entry.id, entry]));
        expect(entries.valid_signature, `${file} endorsement`).toMatchObject({ valid: true });
        const schema = result.additionalInformation?.find((info) => info.id === 'schema_check')?.results ?? [];
        expect(schema.map((s) => [s.schema, s.result.valid]), `${file} endorsement: ${JSON.stringify(schema)}`).toEqual([[ENDORSEMENT_SCHEMA, true]]);
        endorsements += 1;
      }
    }
    expect(endorsements).toBeGreaterThan(1);
    // Its comment changed: the DCC's verifier refuses it too.
    const edited = { ...committed, credentialSubject: { ...committed.credentialSubject, endorsementComment: 'Edited.' } };
    const result = await verifyCredential({ credential: edited, knownDIDRegistries: [] });
    const failed = [...(result.errors ?? []).map((e) => e.name), ...(result.log ?? []).filter((e) => e.id === 'valid_signature' && e.valid === false).map((e) => e.id)];
    expect(failed.length, JSON.stringify(result)).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);
  });

  it('refuses an edited credential', async () => {
    const [file] = await readdir(path.join(dist, 'credentials'));
    const json = (await readdir(path.join(dist, 'credentials'))).find((f) => f.endsWith('.json'))!;
    expect(file).toBeDefined();
    const credential = JSON.parse(await readFile(path.join(dist, 'credentials', json), 'utf8'));
    credential.name = 'Innovation Mastery';
    const result = await verifyCredential({ credential, knownDIDRegistries: [] });
    const failed = [...(result.errors ?? []).map((e) => e.name), ...(result.log ?? []).filter((e) => e.id === 'valid_signature' && e.valid === false).map((e) => e.id)];
    expect(failed.length, JSON.stringify(result)).toBeGreaterThan(0);
  });
});
