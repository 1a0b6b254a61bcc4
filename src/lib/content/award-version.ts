/**
 * What one version of an award file says about the facts that are forever (its credential id, its
 * status slot, whether it is revoked, whether it is a sample), read exactly as the build reads the
 * file. Pure, and free of node:*: the build's history check (issue/award-history-fs.ts, every
 * committed version) and the CMS's pre-save check (cms/save-check.ts, the version about to be
 * replaced) both read versions with it, so neither can see a revocation the other misses.
 *
 * One reading of booleans and numbers: the build's own (check-file.ts, `yaml` with the YAML 1.2 core
 * schema), reached by calling checkFile itself rather than a second parser. So `true`, `True` and
 * `TRUE` are true (the build publishes `revoked: True` as a revocation, and the history records it as
 * one); `yes`, `on` and `"true"` are text, which the award schema refuses; `0x10` and `16.0` are the
 * number 16. Comments, quoted keys, flow mappings, anchors and tags mean what the parser says they
 * mean, because nothing here looks at lines.
 */
import { z } from 'astro/zod';
import { awardSchema } from '../../schemas/award.ts';
import { checkFile } from './check-file.ts';

/** How a version stands on revocation. */
export type Revocation =
  /** The build reads `revoked` as true. */
  | { state: 'revoked' }
  /** `revoked` is false or absent. */
  | { state: 'not revoked' }
  /** The version cannot be read, or its `revoked` is neither true nor false, and it could be a revocation. */
  | { state: 'unclear'; why: string };

export interface AwardVersion {
  /** The credential id, when the version gives one the build accepts. */
  credentialId?: string;
  /** The status slot, when the version gives one the build accepts. */
  statusIndex?: number;
  revocation: Revocation;
  /** True only when the version is read and says sample: true. */
  sample: boolean;
  /** Why the version could not be read at all (the parser's message and line), when it could not. */
  unreadable?: string;
}

/** Any mapping: the fields are judged one by one below, by the award schema's own field rules. */
const anyMapping = z.looseObject({});
const fields = awardSchema.shape;

/**
 * Whether a text that does not parse could still spell the key `revoked`. Every YAML spelling of it
 * (plain, quoted, anchored, tagged, in a block or flow mapping, in any document of the file) holds
 * those letters as written, unless it is a double-quoted scalar with an escape (\x72, \u0072, a
 * backslash line break), which needs a backslash. A text with neither cannot hold a revocation in
 * any reading. This only ever proves absence: it widens what is stopped, and never decides what a
 * version that parses says.
 */
const couldSpellRevoked = (text: string) => text.includes('revoked') || text.includes('\\');

/**
 * Reads one version of an award file. Why a version the build refuses is still read: the history
 * holds every committed version, including hand edits that never built.
 *
 * - Text that does not parse, or is not a mapping, gives no id, no slot and no sample flag (the
 *   build refuses it with the same parser, so it published none), and its revocation is unclear
 *   when the text could spell `revoked`: a later version cannot show whether it meant one, and a
 *   lost revocation turns a holder's revoked token valid again, so the callers stop and ask.
 * - A `revoked` the build refuses (`yes`, `"true"`, empty) is unclear for the same reason.
 * - An id or slot the build refuses is not one: that version published nothing under it, and the
 *   first version the build accepts is the one whose id and slot are kept.
 */
export function readAwardVersion(file: string, text: string): AwardVersion {
  let checked: ReturnType<typeof checkFile<typeof anyMapping>>;
  try {
    // A committed version is read as the build read it then: anchors were allowed before the content check refused them.
    checked = checkFile(file, text, 'data', anyMapping, { readAliases: true });
  } catch (error) {
    // The parser gives up on some texts by throwing (too many aliases): the build would stop on them too.
    checked = { problems: [{ file, field: '', message: error instanceof Error ? error.message : String(error) }] };
  }
  if (checked.data === undefined) {
    const first = checked.problems[0];
    // The build's own words, quoted: they say what is wrong where, as the build said it then.
    const unreadable = `${first?.line === undefined ? '' : `line ${first.line}: `}“${first?.message ?? 'it cannot be read'}”`;
    return {
      revocation: couldSpellRevoked(text) ? { state: 'unclear', why: `the build cannot read that version (${unreadable})` } : { state: 'not revoked' },
      sample: false,
      unreadable,
    };
  }
  const data = checked.data as Record<string, unknown>;
  const credentialId = fields.credentialId.safeParse(data.credentialId);
  const statusIndex = fields.statusIndex.safeParse(data.statusIndex);
  const revoked = fields.revoked.safeParse(data.revoked);
  return {
    ...(credentialId.success ? { credentialId: credentialId.data } : {}),
    ...(statusIndex.success ? { statusIndex: statusIndex.data } : {}),
    revocation: !revoked.success
      ? { state: 'unclear', why: `its revoked is ${JSON.stringify(data.revoked)}, which the build reads as neither true nor false` }
      : revoked.data
        ? { state: 'revoked' }
        : { state: 'not revoked' },
    sample: data.sample === true,
  };
}
