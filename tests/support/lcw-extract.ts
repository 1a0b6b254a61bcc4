/**
 * The credential as the Learner Credential Wallet and VerifierPlus pull it out of a baked image:
 * search the bytes for the keyword (`openbadgecredential` in a PNG, `openbadges:credential` in an
 * SVG), then count braces from the first "{" after it and parse what they enclose. Written here on
 * purpose, apart from the site's readers (src/lib/verify/png.ts, svg.ts), so a test that uses it
 * checks the baked bytes, not the site's own reading of them.
 */
export function extractLikeLcw(bytes: Uint8Array, keyword: string): unknown {
  const text = Buffer.from(bytes).toString('latin1');
  const at = text.indexOf(keyword);
  if (at < 0) throw new Error(`The bytes do not contain "${keyword}".`);
  const start = text.indexOf('{', at);
  if (start < 0) throw new Error(`No "{" after "${keyword}".`);
  let depth = 0;
  for (let i = start; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') depth -= 1;
    if (depth === 0) return JSON.parse(Buffer.from(bytes).subarray(start, i + 1).toString('utf8'));
  }
  throw new Error(`The braces after "${keyword}" never close.`);
}
