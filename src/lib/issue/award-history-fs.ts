/**
 * Issued is forever, revoked is forever: the repository's Git history is the record. Every award
 * file ever committed must still exist (sample awards excepted: they were never real), keep the
 * credential id and status slot it was first committed with, and stay revoked once it was revoked;
 * no credential id or slot may be taken over by another file. Why Git and not a ledger file: every
 * way an award is written (the import, the CMS, a hand edit) already ends in a commit, so nothing
 * has to remember to update a second record, and the history cannot be edited by the change that
 * breaks the rule. Suspension is not recorded: it stays reversible.
 *
 * Every committed version is read whole and parsed the way the build parses it
 * (content/award-version.ts), never matched line by line in a diff: `revoked: true  # ticket 12`,
 * `revoked: True`, `"statusIndex": 5` or a `{…}` mapping mean to the build what they say, and a
 * history that missed them let a later version un-revoke or move a slot unnoticed.
 *
 * A production build needs the full history (deploy.yml checks out with fetch-depth: 0) and refuses
 * without it; a development build says it could not check and goes on.
 */
import { spawnSync } from 'node:child_process';
import { readAwardVersion, type AwardVersion } from '../content/award-version.ts';
import type { CheckedEntry, ContentProblem } from '../content/integrity.ts';
import type { Award } from '../../schemas/award.ts';

const AWARDS = 'content/awards/';

/** What the history says about one award file, from the commit that added it on. */
export interface FileHistory {
  /** The commit that first added the file. */
  addedIn: string;
  /** The first credential id a version gave (one the build accepts). */
  credentialId?: string;
  /** The first status slot a version gave (one the build accepts). */
  statusIndex?: number;
  /** The first commit in which the build read the file's revoked as true. */
  revokedIn?: string;
  /** The first version that could be a revocation but cannot be read as true or false (award-version.ts). */
  unclearIn?: { commit: string; why: string };
  /** The first version said sample: true. */
  sample: boolean;
}

export type AwardHistory = { available: true; files: Map<string, FileHistory> } | { available: false; reason: string };

const git = (root: string, args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });

/** One committed version of an award file. */
interface Version {
  commit: string;
  file: string;
  blob: string;
}

/**
 * Every version of an award file that a commit reachable from HEAD introduced, oldest first. Why these
 * options: --full-history keeps side branches whose result a merge did not take (a revocation made
 * there may have been built); --diff-merges=first-parent lists what a merge itself wrote (a conflict
 * resolution is a version no other commit has); --topo-order puts a parent before its children
 * whatever the clocks said; -z and --no-abbrev give file names and blob ids exactly.
 */
function listVersions(root: string): Version[] | string {
  const log = git(root, ['log', '--reverse', '--topo-order', '--full-history', '--no-renames', '--diff-merges=first-parent', '--no-abbrev', '--raw', '-z', '--format=commit %H', '--', AWARDS]);
  if (log.status !== 0) return `git log failed: ${log.stderr.trim()}`;
  const versions: Version[] = [];
  const fields = log.stdout.split('\0');
  let commit = '';
  for (let i = 0; i < fields.length; i += 1) {
    const field = fields[i]!.replace(/^\n/, '');
    if (field.startsWith('commit ')) {
      commit = field.slice(7);
    } else if (field.startsWith(':')) {
      // ":<old mode> <new mode> <old blob> <new blob> <status>", then the path as the next field.
      const [, mode, , blob] = field.slice(1).split(' ');
      const file = fields[(i += 1)] ?? '';
      // A deletion (mode 000000) is no version; a symbolic link or submodule is not an award the build reads.
      if ((mode === '100644' || mode === '100755') && blob && /\.ya?ml$/.test(file)) versions.push({ commit, file, blob });
    }
  }
  return versions;
}

/** The texts of `blobs`, read by one `git cat-file --batch` process. */
function readBlobs(root: string, blobs: string[]): Map<string, string> | string {
  const batch = spawnSync('git', ['-C', root, 'cat-file', '--batch'], { input: `${blobs.join('\n')}\n`, maxBuffer: 2 * 1024 * 1024 * 1024 });
  if (batch.error || batch.status !== 0) return `git cat-file failed: ${batch.error?.message ?? batch.stderr.toString().trim()}`;
  const out = batch.stdout;
  const texts = new Map<string, string>();
  const utf8 = new TextDecoder();
  let at = 0;
  for (const blob of blobs) {
    // "<blob> blob <size>\n<size bytes>\n", or "<blob> missing\n".
    const end = out.indexOf(10, at);
    const header = out.toString('latin1', at, end).split(' ');
    if (header[0] !== blob || header[1] !== 'blob') return `Git does not have the object ${blob} (${header.slice(1).join(' ') || 'no answer'}): the clone is incomplete`;
    const size = Number(header[2]);
    texts.set(blob, utf8.decode(out.subarray(end + 1, end + 1 + size)));
    at = end + 1 + size + 1;
  }
  return texts;
}

/**
 * Reads every committed version of every file in content/awards/, oldest first, as the build reads
 * an award file (content/award-version.ts), and keeps for each file the values its first readable
 * version set, the first commit that revoked it and the first version whose revocation is unclear.
 * A later version never clears what an earlier one recorded.
 */
export function readAwardHistory(root: string): AwardHistory {
  const inside = git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside.error || inside.status !== 0 || inside.stdout.trim() !== 'true') return { available: false, reason: 'this folder is not a Git checkout' };
  if (git(root, ['rev-parse', '--is-shallow-repository']).stdout.trim() === 'true') return { available: false, reason: 'this is a shallow clone, without the full history' };
  if (git(root, ['rev-parse', '--verify', '-q', 'HEAD']).status !== 0) return { available: true, files: new Map() };
  const versions = listVersions(root);
  if (typeof versions === 'string') return { available: false, reason: versions };
  const texts = readBlobs(root, [...new Set(versions.map((v) => v.blob))]);
  if (typeof texts === 'string') return { available: false, reason: texts };
  // A version reverted to reads the same again: each distinct text is parsed once.
  const read = new Map<string, AwardVersion>();
  const files = new Map<string, FileHistory>();
  for (const { commit: full, file, blob } of versions) {
    const commit = full.slice(0, 12);
    let version = read.get(blob);
    if (!version) read.set(blob, (version = readAwardVersion(file, texts.get(blob)!)));
    let record = files.get(file);
    if (!record) files.set(file, (record = { addedIn: commit, sample: version.sample }));
    if (record.credentialId === undefined && version.credentialId !== undefined) record.credentialId = version.credentialId;
    if (record.statusIndex === undefined && version.statusIndex !== undefined) record.statusIndex = version.statusIndex;
    if (version.revocation.state === 'revoked') record.revokedIn ??= commit;
    if (version.revocation.state === 'unclear') record.unclearIn ??= { commit, why: version.revocation.why };
  }
  return { available: true, files };
}

/** Every way the current awards break the record, each naming the file and what to do. */
export function awardHistoryProblems(history: Extract<AwardHistory, { available: true }>, awards: readonly CheckedEntry<Award>[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const now = new Map(awards.map((a) => [a.file, a]));
  const firstFileOf = { credentialId: new Map<string | number, string>(), statusIndex: new Map<string | number, string>() };
  for (const [file, record] of history.files) {
    for (const key of ['credentialId', 'statusIndex'] as const) {
      const value = record[key];
      if (value !== undefined && !firstFileOf[key].has(value)) firstFileOf[key].set(value, file);
    }
    const award = now.get(file);
    if (!award) {
      if (!record.sample) {
        problems.push({ file, field: '', message: `This award was committed in ${record.addedIn} and has been deleted. Issued credentials are never deleted: restore the file (git checkout ${record.addedIn} -- ${file}); to withdraw the credential, revoke it.` });
      }
      continue;
    }
    if (record.credentialId !== undefined && award.data.credentialId !== record.credentialId) {
      problems.push({ file, field: 'credentialId', message: `The credential id was ${record.credentialId} when this award was committed (${record.addedIn}); it can never change. Put it back.` });
    }
    if (record.statusIndex !== undefined && award.data.statusIndex !== record.statusIndex) {
      problems.push({ file, field: 'statusIndex', message: `The status slot was ${record.statusIndex} when this award was committed (${record.addedIn}); it can never change. Put it back.` });
    }
    if (record.revokedIn !== undefined && !award.data.revoked) {
      problems.push({ file, field: 'revoked', message: `This credential was revoked in ${record.revokedIn}, and a revocation is final: set revoked: true again. To award it again, create a new award.` });
    } else if (record.unclearIn !== undefined && !award.data.revoked) {
      // Stop rather than guess (award-version.ts): the history cannot tell, and only a person can.
      const { commit, why } = record.unclearIn;
      problems.push({
        file,
        field: 'revoked',
        message: `The version of this file committed in ${commit} may have revoked the credential, but ${why}. A revocation is final, so the build cannot go on without knowing. If that version meant to revoke it, set revoked: true again (with revokedReason and revokedDate). If it did not, the history cannot show that: revoke this award and create a new one for the recipient (npm run awards:import or the CMS).`,
      });
    }
  }
  for (const award of awards) {
    for (const key of ['credentialId', 'statusIndex'] as const) {
      const first = firstFileOf[key].get(award.data[key]);
      if (first !== undefined && first !== award.file) {
        problems.push({ file: award.file, field: key, message: `${key} ${award.data[key]} belonged to ${first} first (in the Git history). It can never be used again: give this award its own (npm run awards:import or the CMS make new ones).` });
      }
    }
  }
  return problems;
}
