// Baking badges: bake, then read back with the project's reader and with independent minimal readers
// (the PNG chunk walker here, the LCW-style brace matcher in tests/support/lcw-extract.ts); what was
// baked (the build's JSON credential, or a token) must come back unchanged and still verify.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { badgePng } from '../../src/lib/issue/artwork-fs.ts';
import { svgProblems } from '../../src/lib/content/svg-safety.ts';
import { assertInertSvg, bakePng, bakeSvg } from '../../src/lib/issue/bake-fs.ts';
import { bakeableJson } from '../../src/lib/ob3/wallet.ts';
import { readPngCredential } from '../../src/lib/verify/png.ts';
import { readSvgCredential } from '../../src/lib/verify/svg.ts';
import { verify } from '../../src/lib/verify/verify.ts';
import { repo } from '../support/build.ts';
import { fixtureBytes, fixtureText } from '../support/fixtures.ts';
import { extractLikeLcw } from '../support/lcw-extract.ts';
import { tinyPng } from '../support/png.ts';
import { issue, ORIGIN } from '../support/issue.ts';

/** An independent reader: walks the chunks by hand and returns every iTXt keyword and text. */
function minimalPngTexts(png: Buffer): { keyword: string; text: string; crcOk: boolean }[] {
  const out: { keyword: string; text: string; crcOk: boolean }[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'iTXt') {
      const data = png.subarray(offset + 8, offset + 8 + length);
      const zero = data.indexOf(0);
      const compressed = data[zero + 1] === 1;
      let rest = data.subarray(zero + 3);
      rest = rest.subarray(rest.indexOf(0) + 1); // language tag
      rest = rest.subarray(rest.indexOf(0) + 1); // translated keyword
      const crcOk = crc32(png.subarray(offset + 4, offset + 8 + length)) === png.readUInt32BE(offset + 8 + length);
      out.push({ keyword: data.toString('latin1', 0, zero), text: (compressed ? inflateSync(rest) : rest).toString('utf8'), crcOk });
    }
    offset += 12 + length;
  }
  return out;
}

describe('baked badges', () => {
  it('PNG: one uncompressed iTXt chunk before IEND with a correct CRC; both readers get the token back, and it verifies', async () => {
    const { files } = await issue();
    const [name, token] = [...files].find(([n]) => n.startsWith('credentials/') && n.endsWith('.jwt'))!;
    const base = await badgePng(readFileSync(path.join(repo, 'public/badges/innovation-skills.svg')));
    const baked = bakePng(bakePng(base, 'an older token'), token);
    const texts = minimalPngTexts(baked).filter((t) => t.keyword === 'openbadgecredential');
    expect(texts).toEqual([{ keyword: 'openbadgecredential', text: token, crcOk: true }]);
    expect(baked.toString('latin1', baked.length - 8, baked.length - 4)).toBe('IEND');
    expect(await readPngCredential(baked)).toEqual({ kind: 'ob3', text: token });
    const jwks = JSON.parse(files.get('.well-known/jwks.json')!);
    const result = await verify(baked, { siteOrigin: ORIGIN, trustedKeys: jwks, checkStatus: false });
    expect(result.verdict, name).toBe('valid');
  });

  it('SVG: the namespace on the root and one credential element directly inside it', async () => {
    const { files } = await issue();
    const token = [...files].find(([n]) => n.endsWith('.jwt') && n.startsWith('credentials/'))![1];
    const svg = readFileSync(path.join(repo, 'public/badges/innovation-skills.svg'), 'utf8');
    const baked = bakeSvg(svg, token);
    expect(baked).toMatch(/^<svg xmlns:openbadges="https:\/\/purl\.imsglobal\.org\/ob\/v3p0" xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*><openbadges:credential verify="[^"]+"\/><title/);
    expect(baked.match(/<openbadges:credential /g)).toHaveLength(1);
    expect(readSvgCredential(baked)).toEqual({ kind: 'ob3', text: token });
    // An independent reader: the verify attribute of the one credential element, by plain string search.
    const start = baked.indexOf('<openbadges:credential verify="') + '<openbadges:credential verify="'.length;
    expect(baked.slice(start, baked.indexOf('"', start))).toBe(token);
    const jwks = JSON.parse(files.get('.well-known/jwks.json')!);
    expect((await verify(baked, { siteOrigin: ORIGIN, trustedKeys: jwks, checkStatus: false })).verdict).toBe('valid');
  });

  it("reads 1EdTech's own baked badges", async () => {
    for (const file of ['simple-jwt.png', 'simple-jwt_v1.png', 'simple-json.png']) {
      const bytes = fixtureBytes(`1edtech/baked/${file}`);
      const ours = await readPngCredential(bytes);
      const independent = minimalPngTexts(bytes).find((t) => t.keyword === 'openbadgecredential')!;
      expect(ours, file).toEqual({ kind: 'ob3', text: independent.text });
    }
    for (const file of ['simple-jwt.svg', 'simple-jwt_v1.svg']) {
      const text = fixtureText(`1edtech/baked/${file}`);
      const independent = /verify="([^"]+)"/.exec(text)![1];
      expect(readSvgCredential(text), file).toEqual({ kind: 'ob3', text: independent });
    }
  });
});

describe('baked badges as the build makes them: the JSON credential with its Data Integrity proof', () => {
  it('the PNG and SVG of every issued credential carry its .json (same value), which LCW-style extraction finds, and the site verifies', async () => {
    const { files, baked } = await issue();
    const jwks = JSON.parse(files.get('.well-known/jwks.json')!);
    const ids = [...files.keys()].filter((n) => /^credentials\/[^/]+\.json$/.test(n)).map((n) => n.slice('credentials/'.length, -'.json'.length));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const credential = JSON.parse(files.get(`credentials/${id}.json`)!);
      expect(credential.proof).toMatchObject([{ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' }]);
      const png = baked.get(`credentials/${id}.png`) as Uint8Array;
      const svg = baked.get(`credentials/${id}.svg`) as string;
      const chunk = minimalPngTexts(Buffer.from(png)).filter((t) => t.keyword === 'openbadgecredential');
      expect(chunk.map((t) => [JSON.parse(t.text), t.crcOk])).toEqual([[credential, true]]);
      expect(extractLikeLcw(png, 'openbadgecredential'), id).toEqual(credential);
      expect(extractLikeLcw(Buffer.from(svg, 'utf8'), 'openbadges:credential'), id).toEqual(credential);
      expect(svg).toMatch(/<openbadges:credential><!\[CDATA\[\{.*\}\]\]><\/openbadges:credential>/s);
      for (const image of [png, svg]) {
        const result = await verify(image, { siteOrigin: ORIGIN, trustedKeys: jwks, checkStatus: false });
        expect(result.verdict, `${id}: ${JSON.stringify(result.checks?.filter((c) => c.status === 'fail'))}`).toBe('valid');
      }
      // A baked badge stays small: the credential adds a few kilobytes.
      expect(Buffer.from(svg).length - Buffer.from(files.get(`credentials/${id}.json`)!).length).toBeLessThan(64 * 1024);
    }
  });

  it('bakes JSON whose strings hold braces, markup and "]]>" so that brace matching and the SVG stay intact', () => {
    const credential = { name: '{ "not": "structure" } ]]> </openbadges:credential> <script>', n: 1, nested: { list: ['}', '{'] } };
    const text = bakeableJson(JSON.stringify(credential, null, 2));
    expect(JSON.parse(text)).toEqual(credential);
    expect(text).not.toMatch(/[<>&]|\]\]>/);
    expect(text.match(/[{}]/g)).toEqual(['{', '{', '}', '}']);
    const svg = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', text);
    expect(extractLikeLcw(Buffer.from(svg), 'openbadges:credential')).toEqual(credential);
    expect(readSvgCredential(svg)).toEqual({ kind: 'ob3', text });
    expect(svgProblems(svg)).toEqual([]);
    expect(extractLikeLcw(bakePng(bakePng(tinyPng(), 'an.older.token'), text), 'openbadgecredential')).toEqual(credential);
  });
});

describe('baking SVGs that are not tidy', () => {
  const token = 'eyJhbGciOiJSUzI1NiJ9.eyJ4IjoxfQ.c2ln';
  it('refuses artwork that already holds a credential rather than cut it out (a cut at a closing tag inside a CDATA string let a <script> out)', () => {
    const once = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', 'eyJvbGQ.eyJvbGQ.b2xk');
    expect(() => bakeSvg(once, token)).toThrow('The artwork already holds a baked credential');
    const hostile = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" viewBox="0 0 10 10"><openbadges:credential><![CDATA[{"a":"</openbadges:credential><script>alert(document.domain)</script><openbadges:credential>"}]]></openbadges:credential><circle cx="5" cy="5" r="4"/></svg>';
    expect(() => bakeSvg(hostile, token)).toThrow('The artwork already holds a baked credential');
  });
  it('reuses a namespace declared with single quotes or another prefix, and skips <svg in comments', () => {
    const svg = `<!-- <svg> in a comment --><svg xmlns='http://www.w3.org/2000/svg' xmlns:ob='https://purl.imsglobal.org/ob/v3p0'><rect/></svg>`;
    const baked = bakeSvg(svg, token);
    expect(baked).toBe(`<!-- <svg> in a comment --><svg xmlns='http://www.w3.org/2000/svg' xmlns:ob='https://purl.imsglobal.org/ob/v3p0'><ob:credential verify="${token}"/><rect/></svg>`);
  });
  it('gives a self-closing root an inside', () => {
    expect(bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', token)).toBe(
      `<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" xmlns="http://www.w3.org/2000/svg"><openbadges:credential verify="${token}"/></svg>`,
    );
  });
  it('refuses artwork that could run script, naming it and every problem (the rules: tests/unit/svg-safety.test.ts)', () => {
    const svg = (body: string, attributes = '') => `<svg xmlns="http://www.w3.org/2000/svg"${attributes}>${body}</svg>`;
    expect(() => assertInertSvg(svg('', ' onload="alert(1)"'), 'The artwork')).toThrow(
      'The artwork cannot be published: an SVG file on this site must be a plain drawing, which cannot run script or load other files.\n' +
        '- Line 1: Remove the onload attribute of <svg>: event handlers run script, and badge artwork must be a plain drawing.',
    );
    expect(() => assertInertSvg(svg('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>'), 'The artwork')).toThrow(
      expect.objectContaining({ code: 'ERR_SVG_UNSAFE', problems: [expect.stringContaining('Remove the <x:script> element')] }),
    );
    expect(() => assertInertSvg(svg('<rect/>'), 'The artwork')).not.toThrow();
  });
});
