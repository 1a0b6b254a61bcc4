/**
 * The RFC 7638 thumbprints (SHA-256) of the TEST-ONLY keys committed under tests/fixtures/keys/.
 * Their private halves are public, so anything signed with one proves nothing: a production build
 * refuses to sign with one, or to publish one as an issuer key (src/lib/content/launch.ts).
 *
 * Kept here, as values, because the build never reads tests/ (a deployment may not even have it).
 * tests/unit/launch.test.ts computes the thumbprint of every tests/fixtures/keys/*.public.json and
 * fails until the list below matches: a new test key cannot be added without being listed.
 */
export const KNOWN_TEST_KEYS: Readonly<Record<string, string>> = {
  'keeSAhEOdCwlWNIHS3nEhd7sp-U8RQuvTkyGj7vbGSw': 'tests/fixtures/keys/test-only-ed25519.public.json',
  FD46nFi1a7fxzbvBWMIziQjy5OKhLbsxJ9BIz3GouFo: 'tests/fixtures/keys/test-only-partner-ed25519.public.json',
  'oJA3GQENl7wFPdTcWVC7d7HJxnwAIAkqUrLc27mYR5M': 'tests/fixtures/keys/test-only-es256.public.json',
  '-Ro0CljJOXu3Vs3-04kSsIDq3paijiOTf0tTYrdPatg': 'tests/fixtures/keys/test-only-rs256.public.json',
};
