/**
 * Made-up award files for benchmarks and scale tests, written the way awards:import writes them
 * (a salted hash of a made-up email, never an email). Each is marked `sample: true` unless `sample: false`
 * (the whole-site benchmark's production build, whose launch check refuses samples, in a throwaway copy).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export function syntheticAwardYaml(n: number, options: { achievement: string; statusIndex: number; sample?: boolean }): string {
  const salt = randomBytes(16).toString('hex');
  const hash = createHash('sha256').update(`bench${n}@example.org${salt}`).digest('hex');
  return [
    `credentialId: ${randomUUID()}`,
    `subjectId: urn:uuid:${randomUUID()}`,
    `achievement: ${options.achievement}`,
    // Every other made-up recipient "consented": names are stored only with publishName: true.
    ...(n % 2 === 0 ? [`recipientName: Benchmark Recipient ${n}`, 'publishName: true'] : ['publishName: false']),
    'identifier:',
    '  - type: IdentityObject',
    '    hashed: true',
    '    identityType: emailAddress',
    `    identityHash: sha256$${hash}`,
    `    salt: ${salt}`,
    'awardedDate: 2026-03-06',
    `statusIndex: ${options.statusIndex}`,
    ...(options.sample === false ? [] : ['sample: true']),
    '',
  ].join('\n');
}

/** Status slots the award files in `texts` already use, so made-up awards can take others. */
export function takenSlots(texts: string[]): Set<number> {
  return new Set(texts.flatMap((text) => /^statusIndex: (\d+)$/m.exec(text)?.[1] ?? []).map(Number));
}
