/**
 * A learner's name as the import accepts it. With consent it is signed into a credential for good,
 * and it greets the earner in their message, so a name that is not what the person writes is refused
 * with what to do, never published: one garbled by an earlier conversion ("Ã‰milie" is "Émilie"
 * saved as UTF-8 and read back as Windows-1252), or holding characters that are invisible or reorder
 * the text around them.
 */

/** Windows-1252's characters at bytes 0x80-0x9F (the rest of 0x00-0xFF is Latin-1, byte = code point). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** The Windows-1252 bytes of a text, or undefined when a character is not in Windows-1252. */
function cp1252Bytes(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const high = CP1252_HIGH.indexOf(char);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else if (high >= 0) bytes.push(0x80 + high);
    else return undefined;
  }
  return Uint8Array.from(bytes);
}

/** What the name was before UTF-8 bytes were read as Windows-1252, if that is what happened to it. */
export function ungarbled(name: string): string | undefined {
  if (!/[\u0080-\uFFFF]/.test(name)) return undefined;
  const bytes = cp1252Bytes(name);
  if (!bytes) return undefined;
  try {
    const original = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return original !== name ? original : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Invisible characters: controls, format characters (zero-width space, word joiner, soft hyphen,
 * byte-order mark, direction marks and overrides, tag characters) and line or paragraph separators.
 * The zero-width joiner and non-joiner stay: Persian and Indic names are written with them.
 */
const INVISIBLE = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u;

/** The longest name accepted: longer is a pasted paragraph, not a name. */
export const MAX_NAME_LENGTH = 200;

/** Why this name cannot be used, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  if (/[\r\n\u2028\u2029]/.test(name)) return 'the name spans several lines';
  if (INVISIBLE.test(name)) return 'the name holds invisible control, format or direction characters: type it again';
  if ([...name].length > MAX_NAME_LENGTH) return `the name is longer than ${MAX_NAME_LENGTH} characters`;
  const original = ungarbled(name);
  if (original !== undefined) {
    return `the name "${name}" was garbled by an earlier conversion (it reads "${original}" once repaired): fix it in the file, or export from onQ again and save as "CSV UTF-8"`;
  }
  return undefined;
}
