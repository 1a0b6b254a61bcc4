/**
 * Issued is forever, revoked is forever: the repository's Git history is the record. Every award
 * file ever committed must still exist (sample awards excepted: they were never real), keep the
 * credential id and status slot it was first committed with, and stay revoked once it was revoked;
 * no credential id or slot may be taken over by another file. Why Git and not a ledger file: every
 * way an award is written (the import, the CMS, a hand edit) already ends in a commit, so nothing
 * has to remember to update a second record, and the history cannot be edited by the change that
 * breaks the rule. Suspension is not recorded: it stays reversible.
 *
 * A production build needs the full history (deploy.yml checks out with fetch-depth: 0) and refuses
 * without it; a development build says it could not check and goes on.
 */
import { spawnSync } from 'node:child_process';
import type { CheckedEntry, ContentProblem } from '../content/integrity.ts';
import type { Award } from '../../schemas/award.ts';

const AWARDS = 'content/awards/';

/** What the history says about one award file, from the commit that added it on. */
export interface FileHistory {
  /** The commit that first added the file. */
  addedIn: string;
  credentialId?: string;
  statusIndex?: string;
  /** The first commit in which the file said revoked: true. */
  revokedIn?: string;
  sample: boolean;
}

export type AwardHistory = { available: true; files: Map<string, FileHistory> } | { available: false; reason: string };

const git = (root: string, args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });

/**
 * Reads the history of content/awards/ from oldest to newest commit: for each file, the values its
 * first version set, and whether a version ever revoked it.
 */
export function readAwardHistory(root: string): AwardHistory {
  const inside = git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside.error || inside.status !== 0 || inside.stdout.trim() !== 'true') return { available: false, reason: 'this folder is not a Git checkout' };
  if (git(root, ['rev-parse', '--is-shallow-repository']).stdout.trim() === 'true') return { available: false, reason: 'this is a shallow clone, without the full history' };
  if (git(root, ['rev-parse', '--verify', '-q', 'HEAD']).status !== 0) return { available: true, files: new Map() };
  const log = git(root, ['log', '--reverse', '--no-renames', '--format=commit %H', '-p', '-U0', '--', AWARDS]);
  if (log.status !== 0) return { available: false, reason: `git log failed: ${log.stderr.trim()}` };
  const files = new Map<string, FileHistory>();
  let commit = '';
  let file: string | undefined;
  let added = false;
  for (const line of log.stdout.split('\n')) {
    if (line.startsWith('commit ')) {
      commit = line.slice(7, 19);
      file = undefined;
    } else if (line.startsWith('diff --git ')) {
      file = /^diff --git a\/(\S+) b\//.exec(line)?.[1];
      added = false;
    } else if (line === '--- /dev/null') {
      added = true;
    } else if (file?.endsWith('.yaml') || file?.endsWith('.yml')) {
      const known = files.get(file);
      if (added && !known) files.set(file, { addedIn: commit, sample: false });
      const record = files.get(file);
      const value = /^\+(credentialId|statusIndex|revoked|sample): *(.*?)\s*$/.exec(line);
      if (!record || !value) continue;
      const [, key, text = ''] = value;
      if (key === 'credentialId' && record.credentialId === undefined) record.credentialId = text;
      if (key === 'statusIndex' && record.statusIndex === undefined) record.statusIndex = text;
      if (key === 'revoked' && text === 'true') record.revokedIn ??= commit;
      if (key === 'sample' && text === 'true' && record.addedIn === commit) record.sample = true;
    }
  }
  return { available: true, files };
}

/** Every way the current awards break the record, each naming the file and what to do. */
export function awardHistoryProblems(history: Extract<AwardHistory, { available: true }>, awards: readonly CheckedEntry<Award>[]): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const now = new Map(awards.map((a) => [a.file, a]));
  const firstFileOf = { credentialId: new Map<string, string>(), statusIndex: new Map<string, string>() };
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
    if (record.statusIndex !== undefined && String(award.data.statusIndex) !== record.statusIndex) {
      problems.push({ file, field: 'statusIndex', message: `The status slot was ${record.statusIndex} when this award was committed (${record.addedIn}); it can never change. Put it back.` });
    }
    if (record.revokedIn !== undefined && !award.data.revoked) {
      problems.push({ file, field: 'revoked', message: `This credential was revoked in ${record.revokedIn}, and a revocation is final: set revoked: true again. To award it again, create a new award.` });
    }
  }
  for (const award of awards) {
    for (const key of ['credentialId', 'statusIndex'] as const) {
      const first = firstFileOf[key].get(String(award.data[key]));
      if (first !== undefined && first !== award.file) {
        problems.push({ file: award.file, field: key, message: `${key} ${award.data[key]} belonged to ${first} first (in the Git history). It can never be used again: give this award its own (npm run awards:import or the CMS make new ones).` });
      }
    }
  }
  return problems;
}
