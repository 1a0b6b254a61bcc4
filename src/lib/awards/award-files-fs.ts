/**
 * The award files of content/awards/ as staff tools read them (awards:find, awards:revoke), and
 * finding one from what staff have in hand: a credential id, a link to the credential's page, the
 * file's name, or the earner's email address (compared by its salted hash; never printed or kept).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { checkFile } from '../content/check-file.ts';
import { awardSchema, type Award } from '../../schemas/award.ts';
import { normaliseEmail } from '../../schemas/email.ts';
import { awardsOfEmail } from './award-import.ts';

export const AWARDS_DIR = 'content/awards';

export interface AwardFile {
  /** Relative to the project root: content/awards/<name>.yaml. */
  file: string;
  award: Award;
  text: string;
}

/** Every award file that passes its own check, and the names of those that do not. */
export async function readAwardFiles(root: string): Promise<{ awards: AwardFile[]; broken: string[] }> {
  const dir = path.join(root, AWARDS_DIR);
  const awards: AwardFile[] = [];
  const broken: string[] = [];
  for (const name of (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const file = `${AWARDS_DIR}/${name}`;
    const text = await readFile(path.join(dir, name), 'utf8');
    const { data } = checkFile(file, text, 'data', awardSchema);
    if (data) awards.push({ file, award: data, text });
    else broken.push(file);
  }
  return { awards, broken };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/i;
export const looksLikeEmail = (text: string) => /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(normaliseEmail(text));

/**
 * The awards `query` names: by credential id (alone or inside a link to the credential's page or
 * file), by file name (with or without content/awards/), or by email address.
 */
export function findAwards(query: string, awards: readonly AwardFile[]): AwardFile[] {
  const text = query.trim();
  if (looksLikeEmail(text)) return awardsOfEmail(text, awards);
  const name = path.basename(text);
  const byFile = awards.filter((a) => path.basename(a.file) === name || path.basename(a.file) === `${name}.yaml`);
  if (byFile.length > 0) return byFile;
  const id = UUID.exec(text)?.[0]?.toLowerCase();
  return id ? awards.filter((a) => a.award.credentialId === id) : [];
}

/**
 * What to look for, asked on the terminal when it was not given on the command line. An address
 * typed as an argument is repeated on screen by npm ("> node scripts/awards-find.ts someone@…") and
 * kept in the shell's history; typed here, it is in neither.
 */
export async function askQuery(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdin.isTTY ? process.stdout : undefined, terminal: process.stdin.isTTY });
  try {
    const answer = process.stdin.isTTY ? await rl.question(question) : ((await rl[Symbol.asyncIterator]().next()).value ?? '');
    return String(answer).trim();
  } finally {
    rl.close();
  }
}

/** An award in one line for staff: file, micro-credential, date and standing. */
export function describeAward({ file, award }: AwardFile): string {
  const standing = award.revoked ? `revoked ${award.revokedDate}` : award.suspended ? 'suspended' : 'active';
  return `${file}: ${award.achievement}, awarded ${award.awardedDate}, ${standing}`;
}
