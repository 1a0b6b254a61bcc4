import { describe, expect, it } from 'vitest';
import { credentialView } from '../../src/lib/issue/credential-page.ts';
import { linkedInAddToProfileUrl } from '../../src/lib/ob3/linkedin.ts';
import { issue, issueInput } from '../support/issue.ts';

describe('LinkedIn add-to-profile link', () => {
  it('carries every parameter URL-encoded, months 1 to 12, the organisation by id when known', () => {
    const url = new URL(
      linkedInAddToProfileUrl({
        name: 'Innovation Skills & Co. Micro-credential',
        organizationName: 'City of Kingston',
        organizationId: '12345',
        issued: '2022-03-04',
        expires: '2025-12-04',
        certUrl: 'https://mic.example.org/credentials/abc/',
        certId: 'https://mic.example.org/credentials/abc.json',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: 'Innovation Skills & Co. Micro-credential',
      organizationId: '12345',
      issueYear: '2022',
      issueMonth: '3',
      expirationYear: '2025',
      expirationMonth: '12',
      certUrl: 'https://mic.example.org/credentials/abc/',
      certId: 'https://mic.example.org/credentials/abc.json',
    });
    expect(url.search).toContain('name=Innovation+Skills+%26+Co.+Micro-credential');
    expect(url.search).toContain('certUrl=https%3A%2F%2Fmic.example.org%2Fcredentials%2Fabc%2F');
  });
  it('names the organisation when there is no id, and leaves out expiry when there is none', () => {
    const params = new URL(linkedInAddToProfileUrl({ name: 'X', organizationName: 'City of Kingston', issued: '2022-01-25', certUrl: 'u', certId: 'i' })).searchParams;
    expect(params.get('organizationName')).toBe('City of Kingston');
    expect(params.has('organizationId')).toBe(false);
    expect(params.has('expirationYear')).toBe(false);
    expect(params.get('issueMonth')).toBe('1');
  });
});

describe("the City's LinkedIn company id, from the settings to every credential page", () => {
  const addToProfile = async (linkedInId: string | undefined) => {
    const base = await issueInput();
    const { files, credentials, pageContexts } = await issue({ settings: { ...base.settings, organization: { ...base.settings.organization, linkedInId } } });
    const summary = credentials.find((c) => !c.revoked && !c.suspended)!;
    const context = pageContexts.get(summary.achievement)!;
    const actions = credentialView(summary, context, files.get(`credentials/${summary.credentialId}.json`)!).actions;
    const href = /href="(https:\/\/www\.linkedin\.com\/profile\/add\?[^"]+)"/.exec(actions)![1]!.replace(/&amp;/g, '&');
    return new URL(href).searchParams;
  };
  it('sends organizationId (and no name) when settings give the id, and the name (no organizationId) when not', async () => {
    const withId = await addToProfile('12345');
    expect(withId.get('organizationId')).toBe('12345');
    expect(withId.has('organizationName')).toBe(false);
    const without = await addToProfile(undefined);
    expect(without.has('organizationId')).toBe(false);
    expect(without.get('organizationName')).toBe('City of Kingston');
  });
});
