/**
 * Partner endorsements at build time (docs/endorsing.md). A partner signs an OB 3.0
 * EndorsementCredential with its own Ed25519 key on its own machine (`npm run endorse`, which uses
 * signEndorsement below) and sends the file; it is committed as content/endorsements/<partner>-<achievement>.json
 * beside the public key in the partner's file. Every build reads each file and checks it with the
 * verification core (verify/steps/endorsement.ts: spelling, proof, key, types, subject, dates) plus
 * what only the build knows: the issuer is the DID the partner's file records, the name and web address
 * it signed are the ones that file records, and the file is named after the partner and micro-credential
 * it is for. A file that fails stops the build, named (readEndorsements says what is left out instead);
 * the ones that pass are embedded in every credential of their micro-credential (ob3/credential.ts).
 */
import { generateKeyPairSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Achievement } from '../../schemas/achievement.ts';
import type { Partner } from '../../schemas/partner.ts';
import type { CheckedEntry } from '../content/integrity.ts';
import { endorsementPublicKey, endorsementVerificationMethod, endorsementView, type EndorsementDocument, type EndorsementKey, type EndorsementView } from '../ob3/endorsement.ts';
import { badgeUrls, type BadgeUrls } from '../ob3/urls.ts';
import { ed25519Multikey } from '../data-integrity/multibase.ts';
import { createKeyResolver } from '../verify/keys.ts';
import { createNet } from '../verify/net.ts';
import { checkEndorsement } from '../verify/steps/endorsement.ts';
import { ed25519PublicBytes, optionsHash, proofOptions, proofValueOf, secured, unsecuredHash } from '../data-integrity/sign-fs.ts';

/** Where endorsements are committed, relative to the repository root. */
export const ENDORSEMENTS_FOLDER = 'content/endorsements';

/** A problem with an endorsement or an endorsing key: the message names the file and says what to do. */
export class EndorsementError extends Error {
  readonly code: 'ERR_ENDORSEMENT';
  /** One message per file that failed (the message joins them, one a line). */
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = [message]) {
    super(message);
    this.name = 'EndorsementError';
    this.code = 'ERR_ENDORSEMENT';
    this.problems = problems;
  }
}

export interface VerifiedEndorsement {
  /** content/endorsements/<file>, for messages. */
  file: string;
  partner: string;
  achievement: string;
  /** The signed EndorsementCredential exactly as committed (its proof included): what credentials embed. */
  credential: Record<string, unknown>;
  view: EndorsementView;
}

/** The file an endorsement of `achievement` by `partner` is committed as. */
export const endorsementFileName = (partner: string, achievement: string) => `${partner}-${achievement}.json`;

/** The did:web keys partners recorded, by verification method (Multikey): what the verifier may check their endorsements against. */
export function recordedPartnerKeys(partners: Pick<CheckedEntry<Partner>, 'data'>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { data } of partners) {
    const key = data.endorsementKey;
    if (key?.did.startsWith('did:web:') && key.publicKeyMultibase) out[endorsementVerificationMethod(key)] = key.publicKeyMultibase;
  }
  return out;
}

/** The published list of those keys (badgePaths.endorsementKeys), shaped as a DID document's verificationMethod list. */
export function endorsementKeysDocument(partners: Pick<CheckedEntry<Partner>, 'data'>[]) {
  return {
    verificationMethod: Object.entries(recordedPartnerKeys(partners))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, publicKeyMultibase]) => ({ id, type: 'Multikey', controller: id.slice(0, id.indexOf('#')), publicKeyMultibase })),
  };
}

/**
 * Reads and checks every endorsement in content/endorsements/ for a build at `origin`; returns the
 * ones of each micro-credential, by slug. Every file is checked before anything is thrown, so one
 * EndorsementError lists every file that fails (one line each, the file named first).
 *
 * Two kinds of file are left out of the build with a logged notice rather than stopping it:
 * - one that expired (its validUntil passed): the credentials are signed again without it, so the
 *   day a partner's endorsement runs out does not stop the hourly deploy;
 * - outside production, one signed for another address than the build's (a real partner signs for
 *   the public address; a development, test or preview build runs at another). Its proof is still
 *   checked against the address it names, so a tampered one fails everywhere. In a production build
 *   (`production`: the caller's isProductionBuild(), taken as a value) it stops the build, named.
 */
export async function readEndorsements(input: {
  root: string;
  origin: string;
  /** A production build, or one held to production rules: an endorsement for another address stops it. */
  production: boolean;
  partners: CheckedEntry<Partner>[];
  achievements: Pick<CheckedEntry<Achievement>, 'id' | 'data'>[];
  now?: Date;
  log?: (message: string) => void;
}): Promise<Map<string, VerifiedEndorsement[]>> {
  const folder = path.join(input.root, ENDORSEMENTS_FOLDER);
  const byAchievement = new Map<string, VerifiedEndorsement[]>();
  if (!existsSync(folder)) return byAchievement;
  const urls = badgeUrls(input.origin);
  const names = readdirSync(folder).filter((name) => name !== 'README.md').sort();
  const problems: string[] = [];
  for (const name of names) {
    let outcome: VerifiedEndorsement | LeftOut;
    try {
      outcome = await checkEndorsementFile(path.join(folder, name), `${ENDORSEMENTS_FOLDER}/${name}`, input, urls);
    } catch (error) {
      if (!(error instanceof EndorsementError)) throw error;
      problems.push(error.message);
      continue;
    }
    if ('leftOut' in outcome) {
      input.log?.(outcome.leftOut);
      continue;
    }
    const list = byAchievement.get(outcome.achievement) ?? [];
    list.push(outcome);
    byAchievement.set(outcome.achievement, list);
  }
  if (problems.length > 0) throw new EndorsementError(problems.join('\n'), problems);
  return byAchievement;
}

/** A file the build leaves out, with the notice it logs. */
type LeftOut = { leftOut: string };

/** The micro-credential an endorsement's subject names at another address than the build's, with that address's URLs. */
function atAnotherOrigin<A extends Pick<CheckedEntry<Achievement>, 'id'>>(subjectId: unknown, urls: BadgeUrls, achievements: A[]) {
  if (typeof subjectId !== 'string' || !URL.canParse(subjectId)) return undefined;
  const origin = new URL(subjectId).origin;
  if (origin === urls.origin || origin === 'null') return undefined;
  let other: BadgeUrls;
  try {
    other = badgeUrls(origin);
  } catch {
    return undefined;
  }
  const achievement = achievements.find((a) => other.achievement(a.id) === subjectId);
  return achievement ? { achievement, urls: other } : undefined;
}

/** A web address as the URL parser spells it, so https://x.org and https://x.org/ compare equal. */
const spelled = (url: string) => (URL.canParse(url) ? new URL(url).href : url);

async function checkEndorsementFile(
  absolute: string,
  file: string,
  input: { production: boolean; partners: CheckedEntry<Partner>[]; achievements: Pick<CheckedEntry<Achievement>, 'id' | 'data'>[]; now?: Date },
  buildUrls: BadgeUrls,
): Promise<VerifiedEndorsement | LeftOut> {
  const fail = (what: string) => new EndorsementError(`${file}: ${what}`);
  if (!name(file).endsWith('.json')) throw fail('only signed endorsements (.json, as npm run endorse writes them) belong in content/endorsements/. Move or delete this file.');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (error) {
    throw fail(`it is not JSON (${(error as Error).message.slice(0, 120)}). Ask the partner to send the file npm run endorse wrote, unedited.`);
  }
  const record = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  // Which partner and micro-credential it claims to be for; both are then checked against the proof.
  const issuerRecord = typeof record.issuer === 'object' && record.issuer !== null ? (record.issuer as Record<string, unknown>) : undefined;
  const issuerId = issuerRecord ? issuerRecord.id : record.issuer;
  const partner = input.partners.find((p) => p.data.endorsementKey?.did === issuerId);
  if (!partner) {
    const recorded = input.partners.filter((p) => p.data.endorsementKey).map((p) => `${p.id} (${p.data.endorsementKey!.did})`);
    throw fail(
      `it is signed by ${String(issuerId).slice(0, 120)}, which no partner in content/partners/ records as its endorsementKey (recorded: ${recorded.join(', ') || 'none'}). Add the partner's public key to its file, or ask it to sign with the key it gave.`,
    );
  }
  const subjectId = typeof record.credentialSubject === 'object' && record.credentialSubject !== null ? (record.credentialSubject as Record<string, unknown>).id : undefined;
  let urls = buildUrls;
  let achievement = input.achievements.find((a) => buildUrls.achievement(a.id) === subjectId);
  // Signed for another address: a real partner signs for the public one, which a development or test
  // build is not at. Checked there (so a changed file still fails), then left out, except in production.
  // A sample partner's is left out even then: production refuses samples altogether (the launch gate).
  const elsewhere = achievement ? undefined : atAnotherOrigin(subjectId, buildUrls, input.achievements);
  if (elsewhere && (!input.production || partner.data.sample)) ({ achievement, urls } = elsewhere);
  else if (elsewhere) {
    throw fail(
      `it endorses ${String(subjectId)}, the micro-credential at ${elsewhere.urls.origin}, but this production build is for ${buildUrls.origin}. If ${elsewhere.urls.origin} is the public address, build with SITE_URL=${elsewhere.urls.origin}; otherwise ask ${partner.data.name} to sign it again with npm run endorse -- --site ${buildUrls.origin} (docs/endorsing.md).`,
    );
  }
  if (!achievement) {
    throw fail(
      `it endorses ${String(subjectId).slice(0, 160)}, which is no micro-credential of this site at ${buildUrls.origin} (known: ${input.achievements.map((a) => buildUrls.achievement(a.id)).join(', ')}). It must be signed for the origin the site is built with (--site, SITE_URL).`,
    );
  }
  const expected = endorsementFileName(partner.id, achievement.id);
  if (name(file) !== expected) throw fail(`it is ${partner.id}'s endorsement of ${achievement.id}, so it must be named ${expected}. Rename it.`);
  const key = partner.data.endorsementKey!;
  const known = recordedPartnerKeys([partner]);
  const keys = createKeyResolver({ urls, net: createNet({ siteOrigin: urls.origin }), pinned: { keys: [] } });
  const outcome = await checkEndorsement(json, { achievementId: urls.achievement(achievement.id), now: input.now ?? new Date() }, urls, keys, known);
  // Expiry is checked last of all (verify/steps/endorsement.ts): an expired one is otherwise genuine.
  if (outcome.cause === 'ERR_EXPIRED') {
    return { leftOut: `${file}: ${outcome.detail} Left out of this build: the credentials are signed again without it. Ask ${partner.data.name} for a new one (npm run endorse, docs/endorsing.md), or remove the file.` };
  }
  if (outcome.status !== 'pass') {
    throw fail(`${outcome.detail}${outcome.cause ? ` (${outcome.cause})` : ''} Nothing was published. Ask ${partner.data.name} to sign it again with npm run endorse (docs/endorsing.md), or remove the file.`);
  }
  if (outcome.issuer !== key.did) throw fail(`it is signed by ${outcome.issuer}, not by ${key.did}, the key content/partners/${partner.id}.yaml records.`);
  // Pages and credentials show the endorser's name and link as signed: they must be the partner's own,
  // or anyone holding the key could sign "City of Kingston" with a link of its choosing.
  const signedName = issuerRecord?.name;
  const signedUrl = issuerRecord?.url;
  const again = `Ask ${partner.data.name} to sign it again with npm run endorse (docs/endorsing.md), which writes the name and web address from content/partners/${partner.id}.yaml.`;
  if (signedName !== partner.data.name) {
    throw fail(`its endorser is named ${JSON.stringify(String(signedName).slice(0, 120))}, but content/partners/${partner.id}.yaml names the partner ${JSON.stringify(partner.data.name)}. ${again}`);
  }
  if (signedUrl !== undefined && (typeof signedUrl !== 'string' || spelled(signedUrl) !== spelled(partner.data.url))) {
    throw fail(`its endorser's web address is ${JSON.stringify(String(signedUrl).slice(0, 160))}, but content/partners/${partner.id}.yaml records ${partner.data.url}. ${again}`);
  }
  if (urls !== buildUrls) {
    return { leftOut: `${file}: ${partner.data.name}'s endorsement is signed for ${urls.origin}, not for this build's address (${buildUrls.origin}): left out of this build.` };
  }
  const view = outcome.view ?? endorsementView(record);
  return { file, partner: partner.id, achievement: achievement.id, credential: record, view: partner.data.sample ? { ...view, sample: true } : view };
}

const name = (file: string) => file.slice(file.lastIndexOf('/') + 1);

// ---- The partner's side (npm run endorse) ------------------------------------------------------

/** A new Ed25519 key pair: the private key as PKCS #8 PEM (for the partner's file), the public one as a did:key. */
export function newEndorsementKey(): { pem: string; did: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), did: didKeyOf(privateKey) };
}

/** The did:key of an Ed25519 key (private or public). */
export function didKeyOf(key: KeyObject): string {
  return `did:key:${ed25519Multikey(ed25519PublicBytes(key))}`;
}

/** An Ed25519 private key from PEM text; throws an EndorsementError saying what the file is instead. */
export function readEndorsementKey(pem: string, file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new EndorsementError(`${file} is not a private key in PEM form. Use the file npm run endorse -- --new-key wrote.`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new EndorsementError(`${file} is a ${key.asymmetricKeyType ?? 'unknown'} key; endorsements are signed with an Ed25519 key (npm run endorse -- --new-key makes one).`);
  return key;
}

/**
 * Signs an endorsement with the partner's key: the same Data Integrity proof (eddsa-rdfc-2022, no
 * `created`) the issuer makes, over the same canonical form, then checks it with the verification
 * core before anything is written. `key` is what the partner's file records; the private key must be its.
 */
export async function signEndorsement(document: EndorsementDocument, privateKey: KeyObject, key: EndorsementKey, urls: BadgeUrls, now = new Date()): Promise<Record<string, unknown>> {
  const publicKey = ed25519Multikey(ed25519PublicBytes(privateKey));
  if (endorsementPublicKey(key) !== publicKey) {
    throw new EndorsementError(`This key (did:key:${publicKey}) is not the one recorded for the partner (${key.did}${key.publicKeyMultibase ? `, ${key.publicKeyMultibase}` : ''}). Use the partner's recorded key, or record this one in its file first.`);
  }
  const unsecured = document as unknown as Record<string, unknown>;
  const options = proofOptions(endorsementVerificationMethod(key));
  const [first, second] = await Promise.all([optionsHash(options, unsecured['@context']), unsecuredHash(unsecured)]);
  const signed = secured(unsecured, options, proofValueOf(privateKey, first, second));
  const keys = createKeyResolver({ urls, net: createNet({ siteOrigin: urls.origin }), pinned: { keys: [] } });
  const check = await checkEndorsement(signed, { achievementId: document.credentialSubject.id, now }, urls, keys, key.did.startsWith('did:web:') ? { [endorsementVerificationMethod(key)]: publicKey } : {});
  if (check.status !== 'pass') throw new EndorsementError(`The endorsement just signed does not verify (${check.detail}); nothing was written. Please report this.`);
  return signed;
}
