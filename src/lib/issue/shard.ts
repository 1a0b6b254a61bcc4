/**
 * One share of the per-credential work of a build, on whichever thread holds it (a worker of
 * pool-fs.ts, or the main thread for small runs):
 *   1. sign: build the credential, reuse its cached signature or sign it, then verify the token
 *      with the verification core (a cached signature that does not verify is signed again; a
 *      fresh one that does not verify is a failure, and the build publishes nothing). In a build,
 *      the credential's .jwt, .json and baked .png and .svg are then written to the early folder;
 *   2. publish: write each credential's page (and, without an early folder, its other files), or
 *      hand the files back (astro dev and tests).
 * Runs on plain Node (type stripping, outside Vite): imports only relative .ts modules, node:* and
 * npm packages (jose, qrcode, and astro/zod through format.ts), never astro:* or virtual:* modules.
 */
import { createPublicKey, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import type { Achievement } from '../../schemas/achievement.ts';
import type { Award } from '../../schemas/award.ts';
import { buildCredential, jwtClaims, type Profile } from '../ob3/credential.ts';
import { badgePaths, badgeUrls, type BadgeUrls } from '../ob3/urls.ts';
import { verify } from '../verify/verify.ts';
import { bakePng, bakeSvg } from './bake-fs.ts';
import { bakeableJson } from '../ob3/wallet.ts';
import { optionsHash, proofMatches, proofOptions, proofValueOf, secured, unsecuredHash } from '../data-integrity/sign-fs.ts';
import type { ProofOptions } from '../data-integrity/proof.ts';
import { cacheKey, readSignatureCache } from './signature-cache-fs.ts';
import { compileTemplate, credentialView, fillTemplate, type CompiledTemplate, type CredentialSummary, type PageContext } from './credential-page.ts';

export interface ShardSetup {
  /** The signing key. Node clones a KeyObject into a worker without ever exporting it as text. */
  key: KeyObject;
  alg: string;
  /** RFC 7638 thumbprint of the signing key, for the signature cache. */
  thumbprint: string;
  /** The protected header every credential is signed with (exact JSON text). */
  header: string;
  /** The Ed25519 key of the Data Integrity proofs, its RFC 7638 thumbprint, and its verification method (did:web:…#name). */
  diKey: KeyObject;
  diThumbprint: string;
  diVerificationMethod: string;
  siteOrigin: string;
  issuer: Profile;
  /** Achievements by slug. */
  achievements: Record<string, Achievement>;
  /** The partners' signed endorsements of each achievement, by slug, as verified by the build (endorsements-fs.ts). */
  endorsements?: Record<string, Record<string, unknown>[]>;
  /** The published keys: the self-check trusts nothing else. */
  jwks: JSONWebKeySet;
  /** Where the signature cache is; each shard reads it for its own credentials. */
  cacheDir: string;
  /** The achievement's badge as PNG (and its SVG artwork, when it is an SVG), by achievement slug. */
  bases: Record<string, { png: Uint8Array; svg?: string | undefined }>;
  contexts: Record<string, PageContext>;
  /**
   * Builds only: a folder beside the output where each credential's files (and its page's folder)
   * are written as soon as it passes the self-check, while Astro is still building; the build moves
   * its credentials/ folder into the output at the end (integration.ts). Without it the files stay
   * in memory until files() or publish().
   */
  earlyDir?: string | undefined;
}

export interface CredentialJob {
  /** The award file, for messages. */
  file: string;
  award: Award;
  summary: CredentialSummary;
}

export interface SignOutcome {
  /** The signature cache key of each job, in order. */
  keys: string[];
  /** The signature (third part of the token) of each job, in order. */
  signatures: string[];
  /** The proof cache key of each job, and what the cache keeps for it (proofValue and document hash). */
  proofKeys: string[];
  proofs: string[];
  /** Signatures made, not reused. */
  signed: number;
  /** Data Integrity proofs made, not reused (each costs a canonicalisation). */
  proved: number;
  /** Cached signatures that did not verify and were made again. */
  replaced: number;
  /** What the self-check rejected: nothing is published when this is not empty. */
  failures: string[];
}

type File = [relative: string, body: string | Uint8Array];

/** JSON as the site publishes it: indented, with a final newline. */
export const jsonFile = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

export class IssueShard {
  readonly #setup: ShardSetup;
  readonly #key: KeyObject;
  readonly #urls: BadgeUrls;
  readonly #cache: Promise<Map<string, string>>;
  /** Every credential this shard signed, with its token and its JSON, until it is published. */
  readonly #held: { job: CredentialJob; token: string; json: string }[] = [];
  readonly #options: ProofOptions;
  /** The proof options' hash: the same for every credential (same options, same @context). */
  #optionsHash: Promise<Uint8Array> | undefined;
  readonly #diPublic: KeyObject;

  constructor(setup: ShardSetup) {
    this.#setup = setup;
    this.#key = setup.key;
    this.#urls = badgeUrls(setup.siteOrigin);
    this.#cache = readSignatureCache(setup.cacheDir);
    this.#options = proofOptions(setup.diVerificationMethod);
    this.#diPublic = createPublicKey(setup.diKey);
  }

  /**
   * The credential's Data Integrity proof, from the cache when the same credential was proved with
   * the same key before: the cache keeps the proofValue and the document's canonical hash, and the
   * signature is checked against them (cheap), so only new or changed credentials are canonicalised.
   */
  async #prove(vc: Record<string, unknown>, jsonText: string, cache: Map<string, string>): Promise<{ key: string; entry: string; proofValue: string; fresh: boolean }> {
    const options = await (this.#optionsHash ??= optionsHash(this.#options, vc['@context']));
    const key = cacheKey(this.#setup.diThumbprint, `${this.#options.cryptosuite} ${this.#options.verificationMethod}`, jsonText);
    const cached = cache.get(key)?.split(' ');
    if (cached?.length === 2) {
      const [proofValue, hash] = cached as [string, string];
      if (proofMatches(this.#diPublic, options, Buffer.from(hash, 'base64url'), proofValue)) return { key, entry: cached.join(' '), proofValue, fresh: false };
    }
    const hash = await unsecuredHash(vc);
    const proofValue = proofValueOf(this.#setup.diKey, options, hash);
    return { key, entry: `${proofValue} ${Buffer.from(hash).toString('base64url')}`, proofValue, fresh: true };
  }

  /**
   * A compact JWS made with node:crypto directly (jose goes through WebCrypto, a third slower here).
   * RS256 is RSASSA-PKCS1-v1_5 with SHA-256; ES256 is ECDSA P-256 with SHA-256 in the IEEE P1363
   * (r || s) form JWS uses. The self-check verifies every token with jose, so a mistake here fails the build.
   */
  #sign(header: string, payload: string): string {
    const input = `${b64url(header)}.${b64url(payload)}`;
    const key = this.#setup.alg === 'ES256' ? { key: this.#key, dsaEncoding: 'ieee-p1363' as const } : this.#key;
    return `${input}.${sign('sha256', Buffer.from(input, 'utf8'), key).toString('base64url')}`;
  }

  /** Why the verification core rejects a signed credential (its JWT, or its JSON with the proof), or undefined when it accepts it. */
  async #check(signed: string, what = 'the JWT'): Promise<string | undefined> {
    // Endorsements are left out: the build checked each once (endorsements-fs.ts) and embeds them unchanged, and
    // their step never changes a verdict; checking them again in every credential would cost a canonicalisation each.
    const result = await verify(signed, { siteOrigin: this.#setup.siteOrigin, trustedKeys: this.#setup.jwks, checkStatus: false, deferEndorsements: true });
    if (result.verdict === 'valid') return undefined;
    const failed = result.checks.find((c) => c.status === 'fail' || c.status === 'warn');
    return `${what}: ${result.verdict} (${failed?.code ?? 'no code'}: ${failed?.detail ?? ''})`;
  }

  async sign(jobs: CredentialJob[]): Promise<SignOutcome> {
    const cache = await this.#cache;
    const { header, thumbprint } = this.#setup;
    const outcome: SignOutcome = { keys: [], signatures: [], proofKeys: [], proofs: [], signed: 0, proved: 0, replaced: 0, failures: [] };
    const built = await Promise.all(
      jobs.map(async ({ award }) => {
        const vc = buildCredential({ award, achievement: this.#setup.achievements[award.achievement]!, issuer: this.#setup.issuer, urls: this.#urls, endorsements: this.#setup.endorsements?.[award.achievement] });
        const payload = JSON.stringify({ ...vc, ...jwtClaims(vc) });
        const key = cacheKey(thumbprint, header, payload);
        // One credential, secured twice: the same content as the JWT, with an embedded proof.
        const proof = await this.#prove(vc as unknown as Record<string, unknown>, JSON.stringify(vc), cache);
        if (proof.fresh) outcome.proved += 1;
        outcome.proofKeys.push(proof.key);
        outcome.proofs.push(proof.entry);
        return { payload, json: jsonFile(secured(vc as unknown as Record<string, unknown>, this.#options, proof.proofValue)), key, cached: cache.get(key), freshProof: proof.fresh };
      }),
    );
    // Signing is synchronous CPU work; verifying goes through WebCrypto, which runs on libuv's
    // threads, so the whole batch is checked at once instead of one token after the other.
    const tokens = built.map(({ payload, cached }) => {
      if (cached) return `${b64url(header)}.${b64url(payload)}.${cached}`;
      outcome.signed += 1;
      return this.#sign(header, payload);
    });
    // Each fresh proof is checked by the verification core too, from the JSON as published (its
    // canonical form is remembered from signing, so this costs no second canonicalisation). A
    // reused proof was checked against the canonical hash the cache keeps for it (#prove).
    const problems = await Promise.all(
      tokens.map(async (token, i) => (await this.#check(token)) ?? (built[i]!.freshProof ? this.#check(built[i]!.json, 'the Data Integrity proof') : undefined)),
    );
    for (const [i, job] of jobs.entries()) {
      const { payload, json, key, cached } = built[i]!;
      let token = tokens[i]!;
      let problem = problems[i];
      if (problem && cached) {
        // A damaged cache costs time, never a broken build: sign this one again.
        token = this.#sign(header, payload);
        outcome.signed += 1;
        outcome.replaced += 1;
        problem = await this.#check(token);
      }
      if (problem) outcome.failures.push(`${job.file}: ${problem}`);
      outcome.keys.push(key);
      outcome.signatures.push(token.slice(token.lastIndexOf('.') + 1));
      this.#held.push({ job, token, json });
    }
    const early = this.#setup.earlyDir;
    // With a failure nothing is published at all, so there is nothing to write early either.
    if (early !== undefined && outcome.failures.length === 0) {
      for (const held of this.#held.slice(this.#held.length - jobs.length)) {
        mkdirSync(path.join(early, badgePaths.credentialPage(held.job.summary.credentialId)), { recursive: true });
        for (const [relative, body] of this.#files(held)) writeFileSync(path.join(early, relative), body);
      }
    }
    return outcome;
  }

  /** The badge files of one credential (its page aside). */
  #files({ job, token, json }: { job: CredentialJob; token: string; json: string }): File[] {
    const { credentialId: id, achievement } = job.summary;
    const base = this.#setup.bases[achievement]!;
    // Images carry the JSON credential with its Data Integrity proof: the form wallets and
    // VerifierPlus import (they never parse a VC-JWT). The .jwt beside it is the same credential.
    const baked = bakeableJson(json);
    return [
      [badgePaths.credentialJwt(id), token],
      [badgePaths.credentialJson(id), json],
      [badgePaths.credentialPng(id), bakePng(base.png, baked)],
      ...(base.svg === undefined ? [] : [[badgePaths.credentialSvg(id), bakeSvg(base.svg, baked)] as File]),
    ];
  }

  /** Every file this shard holds, in memory. */
  files(): File[] {
    return this.#held.flatMap((held) => this.#files(held));
  }

  /**
   * Writes every credential this shard holds into `outDir`: its page, filled from the template of its
   * micro-credential, and (unless they were written early and moved there) its other files.
   * Returns the number of files written.
   */
  publish(outDir: string, templates: Record<string, string>, nonce: string): number {
    const compiled = new Map<string, CompiledTemplate>();
    for (const [slug, html] of Object.entries(templates)) compiled.set(slug, compileTemplate(html, `the credential page template of "${slug}"`, nonce));
    const early = this.#setup.earlyDir !== undefined;
    let written = 0;
    // Plain synchronous writes: this runs on a worker thread of its own, and tens of thousands of
    // small writes queued on libuv's four shared I/O threads were slower.
    for (const held of this.#held) {
      const { summary } = held.job;
      const template = compiled.get(summary.achievement);
      if (!template) throw new Error(`No credential page template for "${summary.achievement}".`);
      const page = fillTemplate(template, credentialView(summary, this.#setup.contexts[summary.achievement]!, held.json));
      if (!early) mkdirSync(path.join(outDir, badgePaths.credentialPage(summary.credentialId)), { recursive: true });
      for (const [relative, body] of [...(early ? [] : this.#files(held)), [badgePaths.credentialPageFile(summary.credentialId), page] as File]) {
        writeFileSync(path.join(outDir, relative), body);
        written += 1;
      }
    }
    return written;
  }
}
