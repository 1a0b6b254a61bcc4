/** Open Badges 3.0 and VC 2.0 constants, written once. */

export const CREDENTIAL_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;

export const CREDENTIAL_TYPE = ['VerifiableCredential', 'OpenBadgeCredential'] as const;

/** The official schema credentials cite in `credentialSchema`, so validators know which to apply. */
export const CREDENTIAL_SCHEMA = {
  id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
  type: '1EdTechJsonSchemaValidator2019',
} as const;

export const STATUS_LIST_CONTEXT = ['https://www.w3.org/ns/credentials/v2'] as const;
