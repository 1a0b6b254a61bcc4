/**
 * Partner endorsements at build time (docs/endorsing.md). A partner signs an OB 3.0
 * EndorsementCredential with its own Ed25519 key on its own machine (`npm run endorse`, which uses
 * signEndorsement below) and sends the file; it is committed as content/endorsements/<partner>-<achievement>.json
 * beside the public key in the partner's file. Every build reads each file and checks it with the
 * verification core (verify/steps/endorsement.ts: spelling, proof, key, types, subject, dates) plus
 * what only the build knows: the issuer is the DID the partner's file records, and the file is named
 * after the partner and micro-credential it is for. A file that fails stops the build, named; the
 * ones that pass are embedded in every credential of their micro-credential (ob3/credential.ts).
 */
import { generateKeyPairSync, createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Achievement } from '../../schemas/achievement.ts';
import type { Partner } from '../../schemas/partner.ts';
import type { CheckedEntry } from '../content/integrity.ts';
import { endorsementPublicKey, endorsementVerificationMethod, endorsementView, type EndorsementDocument, type EndorsementKey, type EndorsementView } from '../ob3/endorsement.ts';
import { badgeUrls, type BadgeUrls } from '../ob3/urls.ts';
import { ed25519Multikey } from '../jsonld/multibase.ts';
import { createKeyResolver } from '../verify/keys.ts';
import { createNet } from '../verify/net.ts';
import { checkEndorsement } from '../verify/steps/endorsement.ts';
import { ed25519PublicBytes, optionsHash, proofOptions, proofValueOf, secured, unsecuredHash } from './data-integrity-fs.ts';

/** Where endorsements are committed, relative to the repository root. */
export const ENDORSEMENTS_FOLDER = 'content/endorsements';

/** A problem with an endorsement or an endorsing key: the message names the file and says what to do. */
export class EndorsementError extends Error {
  readonly code: 'ERR_ENDORSEMENT';
  constructor(message: string) {
    super(message);
    this.name = 'EndorsementError';
    this.code = 'ERR_ENDORSEMENT';
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
 * ones of each micro-credential, by slug. Throws an EndorsementError naming the first file that fails.
 */
export async function readEndorsements(input: {
  root: string;
  origin: string;
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
  for (const name of names) {
    const verified = await checkEndorsementFile(path.join(folder, name), `${ENDORSEMENTS_FOLDER}/${name}`, input, urls);
    if (verified === 'other-origin') {
      input.log?.(`${ENDORSEMENTS_FOLDER}/${name} is a sample partner's endorsement signed for another address than ${urls.origin}: left out of this build.`);
      continue;
    }
    const list = byAchievement.get(verified.achievement) ?? [];
    list.push(verified);
    byAchievement.set(verified.achievement, list);
  }
  return byAchievement;
}

async function checkEndorsementFile(
  absolute: string,
  file: string,
  input: { partners: CheckedEntry<Partner>[]; achievements: Pick<CheckedEntry<Achievement>, 'id' | 'data'>[]; now?: Date },
  urls: BadgeUrls,
): Promise<VerifiedEndorsement | 'other-origin'> {
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
  const issuerId = typeof record.issuer === 'object' && record.issuer !== null ? (record.issuer as Record<string, unknown>).id : record.issuer;
  const partner = input.partners.find((p) => p.data.endorsementKey?.did === issuerId);
  if (!partner) {
    const recorded = input.partners.filter((p) => p.data.endorsementKey).map((p) => `${p.id} (${p.data.endorsementKey!.did})`);
    throw fail(
      `it is signed by ${String(issuerId).slice(0, 120)}, which no partner in content/partners/ records as its endorsementKey (recorded: ${recorded.join(', ') || 'none'}). Add the partner's public key to its file, or ask it to sign with the key it gave.`,
    );
  }
  const subjectId = typeof record.credentialSubject === 'object' && record.credentialSubject !== null ? (record.credentialSubject as Record<string, unknown>).id : undefined;
  const achievement = input.achievements.find((a) => urls.achievement(a.id) === subjectId);
  // A made-up partner's sample is signed for the development address (http://localhost:4321): a build for
  // another address leaves it out rather than fail (production builds refuse samples altogether). A real
  // partner's endorsement for the wrong address is always an error.
  if (!achievement && partner.data.sample && typeof subjectId === 'string' && URL.canParse(subjectId) && new URL(subjectId).origin !== urls.origin) return 'other-origin';
  if (!achievement) {
    throw fail(
      `it endorses ${String(subjectId).slice(0, 160)}, which is no micro-credential of this site at ${urls.origin} (known: ${input.achievements.map((a) => urls.achievement(a.id)).join(', ')}). It must be signed for the origin the site is built with (--site, SITE_URL).`,
    );
  }
  const expected = endorsementFileName(partner.id, achievement.id);
  if (name(file) !== expected) throw fail(`it is ${partner.id}'s endorsement of ${achievement.id}, so it must be named ${expected}. Rename it.`);
  const key = partner.data.endorsementKey!;
  const known = recordedPartnerKeys([partner]);
  const keys = createKeyResolver({ urls, net: createNet({ siteOrigin: urls.origin }), pinned: { keys: [] } });
  const outcome = await checkEndorsement(json, { achievementId: urls.achievement(achievement.id), now: input.now ?? new Date() }, urls, keys, known);
  if (outcome.status !== 'pass') {
    throw fail(`${outcome.detail}${outcome.cause ? ` (${outcome.cause})` : ''} Nothing was published. Ask ${partner.data.name} to sign it again with npm run endorse (docs/endorsing.md), or remove the file.`);
  }
  if (outcome.issuer !== key.did) throw fail(`it is signed by ${outcome.issuer}, not by ${key.did}, the key content/partners/${partner.id}.yaml records.`);
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
