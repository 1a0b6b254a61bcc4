/**
 * Multibase base58btc ("z…") and the Ed25519 Multikey form (multicodec 0xed01 before the 32 key
 * bytes), as Data Integrity proofs (proofValue) and DID documents (publicKeyMultibase) write them.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58btc(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros += 1;
  const digits: number[] = [];
  for (const byte of bytes.subarray(zeros)) {
    let carry = byte;
    for (let i = 0; i < digits.length; i += 1) {
      carry += digits[i]! << 8;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  return '1'.repeat(zeros) + digits.reverse().map((d) => ALPHABET[d]).join('');
}

/** The bytes of base58btc text, or undefined when it is not base58btc. */
export function fromBase58btc(text: string): Uint8Array<ArrayBuffer> | undefined {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros += 1;
  const bytes: number[] = [];
  for (const char of text.slice(zeros)) {
    let carry = ALPHABET.indexOf(char);
    if (carry < 0) return undefined;
    for (let i = 0; i < bytes.length; i += 1) {
      carry += bytes[i]! * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  return new Uint8Array([...new Array<number>(zeros).fill(0), ...bytes.reverse()]);
}

/** Multibase base58btc: "z" and the base58btc text. */
export const multibase = (bytes: Uint8Array) => `z${base58btc(bytes)}`;
export const fromMultibase = (text: string) => (text.startsWith('z') ? fromBase58btc(text.slice(1)) : undefined);

const ED25519_PUB = [0xed, 0x01];

/** An Ed25519 public key (32 bytes) as a Multikey publicKeyMultibase, "z6Mk…". */
export function ed25519Multikey(publicKey: Uint8Array): string {
  return multibase(new Uint8Array([...ED25519_PUB, ...publicKey]));
}

/** The 32 key bytes of an Ed25519 Multikey publicKeyMultibase, or undefined for anything else. */
export function fromEd25519Multikey(text: string): Uint8Array<ArrayBuffer> | undefined {
  const bytes = fromMultibase(text);
  if (!bytes || bytes.length !== 34 || bytes[0] !== ED25519_PUB[0] || bytes[1] !== ED25519_PUB[1]) return undefined;
  return bytes.subarray(2);
}
