// The revocation file: what the issuing run publishes for a revoked credential, and what this site's
// verifiers read back from it (the reason only when its award marks it public).
import { describe, expect, it } from 'vitest';
import { revocationRecord } from '../../src/lib/ob3/revocation.ts';
import { badgeUrls } from '../../src/lib/ob3/urls.ts';
import { createNet } from '../../src/lib/verify/net.ts';
import { revocationFacts } from '../../src/lib/verify/revocation.ts';

const SITE = 'https://badges.example.org';
const urls = badgeUrls(SITE);
const id = '3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b';
const vc = { id: urls.credentialJson(id) };
const award = { credentialId: id, revokedDate: '2026-03-02', revokedReason: 'Awarded in error: the course was not completed.' };

/** A site of static files: the addresses it answers, 404 for the rest (as a static host does). */
const site = (files: Record<string, unknown>) =>
  createNet({
    siteOrigin: SITE,
    fetch: async (url) => (url in files ? new Response(JSON.stringify(files[url])) : new Response('Not found', { status: 404 })),
  });

describe('revocation file', () => {
  it('publishes the date, and the reason only when the award marks it public', () => {
    expect(revocationRecord(urls, award)).toEqual({ credential: urls.credentialJson(id), revokedDate: '2026-03-02' });
    expect(revocationRecord(urls, { ...award, revokedReasonPublic: false })).not.toHaveProperty('reason');
    expect(revocationRecord(urls, { ...award, revokedReasonPublic: true })).toEqual({ credential: urls.credentialJson(id), revokedDate: '2026-03-02', reason: award.revokedReason });
    expect(urls.credentialRevocation(id)).toBe(`${SITE}/credentials/${id}/revocation.json`);
  });

  it('is read back from this site only, and only when it is about this credential', async () => {
    const published = revocationRecord(urls, { ...award, revokedReasonPublic: true });
    expect(await revocationFacts(vc, site({ [urls.credentialRevocation(id)]: published }), urls)).toEqual({ date: '2026-03-02', reason: award.revokedReason });
    // Missing, about another credential, or with a date that is not a day: no facts rather than wrong ones.
    expect(await revocationFacts(vc, site({}), urls)).toBeUndefined();
    expect(await revocationFacts(vc, site({ [urls.credentialRevocation(id)]: { ...published, credential: urls.credentialJson('00000000-0000-4000-8000-000000000000') } }), urls)).toBeUndefined();
    expect(await revocationFacts(vc, site({ [urls.credentialRevocation(id)]: { ...published, revokedDate: 'yesterday' } }), urls)).toBeUndefined();
    // Offline (no fetch at all), nothing is asked for.
    expect(await revocationFacts(vc, createNet({ siteOrigin: SITE }), urls)).toBeUndefined();
    // A credential of another site is never looked up.
    expect(await revocationFacts({ id: `https://elsewhere.example/credentials/${id}.json` }, site({ [urls.credentialRevocation(id)]: published }), urls)).toBeUndefined();
  });
});
