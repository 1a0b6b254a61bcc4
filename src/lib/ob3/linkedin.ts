/**
 * LinkedIn's "Add to profile" link for a certification. Every parameter is URL-encoded by
 * URLSearchParams; months are 1 to 12. organizationId is used when known, else organizationName.
 */
export interface LinkedInInput {
  name: string;
  organizationName: string;
  organizationId?: string | undefined;
  /** YYYY-MM-DD */
  issued: string;
  /** YYYY-MM-DD, when the credential expires. */
  expires?: string | undefined;
  certUrl: string;
  certId: string;
}

export function linkedInAddToProfileUrl(input: LinkedInInput): string {
  const [issueYear, issueMonth] = input.issued.split('-');
  const params = new URLSearchParams({ startTask: 'CERTIFICATION_NAME', name: input.name });
  if (input.organizationId) params.set('organizationId', input.organizationId);
  else params.set('organizationName', input.organizationName);
  params.set('issueYear', issueYear!);
  params.set('issueMonth', String(Number(issueMonth)));
  if (input.expires) {
    const [expirationYear, expirationMonth] = input.expires.split('-');
    params.set('expirationYear', expirationYear!);
    params.set('expirationMonth', String(Number(expirationMonth)));
  }
  params.set('certUrl', input.certUrl);
  params.set('certId', input.certId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}
