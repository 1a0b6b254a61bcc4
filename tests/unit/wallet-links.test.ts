// The hand-written JSON text rewriting behind baked images and the wallet link (src/lib/ob3/wallet.ts),
// held to its promise over many random values: the same JSON value, and the escaped characters gone
// from every string.
import { describe, expect, it } from 'vitest';
import { bakeableJson, escapeInJsonStrings, lcwRequestUrl, verifierPlusUrl } from '../../src/lib/ob3/wallet.ts';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const ALPHABET = ['{', '}', '[', ']', '<', '>', '&', '%', '"', '\\', '/', ']]>', '\n', '\u2028', 'é', '🎉', 'a', ' ', ':', ',', '\u0000', '%41', '%zz', '+'];
function value(next: () => number, depth = 0): unknown {
  const pick = next();
  const text = () => Array.from({ length: Math.floor(next() * 8) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
  if (depth > 3 || pick < 0.4) return text();
  if (pick < 0.5) return Math.floor(next() * 1000) - 500;
  if (pick < 0.55) return next() < 0.5;
  if (pick < 0.6) return null;
  if (pick < 0.8) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [text(), value(next, depth + 1)]));
}

/** How many JSON objects a value holds, itself included. */
function objects(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + objects(x), 0);
  if (v !== null && typeof v === 'object') return 1 + Object.values(v).reduce((n: number, x) => n + objects(x), 0);
  return 0;
}

describe('JSON text for baking and for the wallet link', () => {
  it('keeps the value and leaves braces only as structure and no <, > or & at all, for 2,000 random values', () => {
    const next = random(24);
    for (let i = 0; i < 2000; i += 1) {
      const v = { credential: value(next) };
      for (const spacing of [undefined, 2]) {
        const text = bakeableJson(JSON.stringify(v, null, spacing));
        expect(JSON.parse(text)).toEqual(v);
        expect(text).not.toMatch(/[<>&]/);
        // Every brace left is structure: two for each object in the value.
        expect((text.match(/[{}]/g) ?? []).length).toBe(2 * objects(v));
      }
    }
  });

  it('escapes exactly the characters asked for, inside strings only', () => {
    expect(escapeInJsonStrings('{"a%":"100% \\"%\\" \\\\%"}', '%')).toBe('{"a\\u0025":"100\\u0025 \\"\\u0025\\" \\\\\\u0025"}');
    expect(JSON.parse(escapeInJsonStrings('{"a%":"100% \\"%\\" \\\\%"}', '%'))).toEqual({ 'a%': '100% "%" \\%' });
  });

  it('gives LCW a link it reads back to the same credential, whatever its strings hold', () => {
    const next = random(7);
    for (let i = 0; i < 300; i += 1) {
      const credential = { id: 'x', name: value(next) };
      const url = new URL(lcwRequestUrl(JSON.stringify(credential)));
      expect(JSON.parse(decodeURI(url.searchParams.get('request')!)).verifiablePresentation.verifiableCredential).toEqual([credential]);
    }
  });

  it('links VerifierPlus to the address unchanged', () => {
    expect(verifierPlusUrl('https://badges.example.org/credentials/6c4635d2-949d-4dc7-8bea-ef43008fea33.json')).toBe(
      'https://verifierplus.org/#verify?vc=https://badges.example.org/credentials/6c4635d2-949d-4dc7-8bea-ef43008fea33.json',
    );
  });
});
