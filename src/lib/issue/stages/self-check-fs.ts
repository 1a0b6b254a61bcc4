/**
 * Stage 5 of an issuing run: the self-check. Takes the credentials under way (stage 3) and the signed
 * status lists (stage 4); waits for the pool, keeps every signature this build used in the signature
 * cache, logs what was signed and what reused, and gives the counts, or throws the one IssueError
 * that lists every file the verification core rejected (the pool's and the lists'), so that nothing
 * is published. A separate stage because it is the gate: the stages before it sign and read back
 * their own files, this is where their verdicts meet and decide whether anything may go out.
 * The cache is written before the verdict, so a failed build still keeps its good signatures.
 */
import { CRYPTOSUITE } from '../../data-integrity/proof.ts';
import { IssueError } from '../issue-error.ts';
import { writeSignatureCache } from '../signature-cache-fs.ts';
import type { CredentialsUnderWay } from './credentials-fs.ts';
import type { IssuingKeys } from './keys-fs.ts';
import type { SignedStatusList } from './status-lists-fs.ts';

/** How many signatures were made and how many reused (credentials and status lists together). */
export interface SelfChecked {
  signed: number;
  reused: number;
}

export async function selfCheck(
  credentials: Pick<CredentialsUnderWay, 'signing' | 'awards' | 'started'>,
  lists: SignedStatusList[],
  keys: Pick<IssuingKeys, 'jwt' | 'dataIntegrity'>,
  cacheDir: string,
  log: (message: string) => void,
): Promise<SelfChecked> {
  const outcome = await credentials.signing;
  // Counted from the stage's own list of awards, not from the summaries handed to pages.
  const count = credentials.awards.length;

  // The cache becomes what this build used: credentials first, then the lists.
  const used = new Map<string, string>();
  outcome.keys.forEach((k, i) => used.set(k, outcome.signatures[i]!));
  outcome.proofKeys.forEach((k, i) => used.set(k, outcome.proofs[i]!));
  for (const list of lists) used.set(list.cacheKey, list.token.slice(list.token.lastIndexOf('.') + 1));
  await writeSignatureCache(cacheDir, used);

  const signed = outcome.signed + lists.filter((l) => l.fresh).length;
  const reused = count + lists.length - signed;
  const replaced = outcome.replaced + lists.filter((l) => l.replaced).length;
  if (replaced > 0) log(`${replaced} cached signature(s) did not verify and were made again.`);
  const { jwt: key, dataIntegrity: diKey } = keys;
  log(
    `Signed ${signed} and reused ${reused} cached signature${reused === 1 ? '' : 's'} (key ${key.name}, ${key.alg}); made ${outcome.proved} and reused ${count - outcome.proved} Data Integrity proof${count - outcome.proved === 1 ? '' : 's'} (key ${diKey.name}, ${CRYPTOSUITE}); ${Date.now() - credentials.started} ms.`,
  );

  const failures = [...outcome.failures, ...lists.flatMap((l) => (l.failure ? [`${l.purpose} status list: ${l.failure}`] : []))];
  if (failures.length > 0) {
    throw new IssueError('ERR_SELF_CHECK', `The build's self-check rejected ${failures.length} signed file(s); nothing was published:\n  ${failures.join('\n  ')}`);
  }
  return { signed, reused };
}
