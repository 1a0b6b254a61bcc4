/** Open Badges 3.0 and VC 2.0 constants, written once. */

/**
 * The credential's contexts: VC 2.0, Open Badges 3.0.3, and 1EdTech's extensions context, which
 * defines the credentialSchema type 1EdTechJsonSchemaValidator2019 (without it that type does not
 * expand, and no Data Integrity proof can be made or checked). All pinned (src/lib/data-integrity/contexts.ts).
 */
export const CREDENTIAL_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json',
] as const;

/** The issuer Profile published on its own (/issuer.json). */
export const PROFILE_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'] as const;

/** The DID document: DID 1.0 and Multikey (the Data Integrity keys' form). */
export const DID_CONTEXT = ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'] as const;

export const CREDENTIAL_TYPE = ['VerifiableCredential', 'OpenBadgeCredential'] as const;

/** The official schema credentials cite in `credentialSchema`, so validators know which to apply. */
export const CREDENTIAL_SCHEMA = {
  id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
  type: '1EdTechJsonSchemaValidator2019',
} as const;

export const STATUS_LIST_CONTEXT = ['https://www.w3.org/ns/credentials/v2'] as const;
