import { describe, expect, it } from 'vitest';
import { linkedInAddToProfileUrl } from '../../src/lib/ob3/linkedin.ts';

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
