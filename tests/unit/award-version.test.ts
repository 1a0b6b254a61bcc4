// One version of an award file read as the build reads it (src/lib/content/award-version.ts): what
// the build's history check records for every committed version, and what the CMS's pre-save check
// reads in the version it is about to replace. Every spelling means what the build's parser says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify, parse } from 'yaml';
import { readAwardVersion } from '../../src/lib/content/award-version.ts';
import { checkFile } from '../../src/lib/content/check-file.ts';
import { awardSchema } from '../../src/schemas/award.ts';
import { repo } from '../support/build.ts';

const FILE = 'content/awards/innovation-skills-2022-03-04-6c4635d2.yaml';
const sample = readFileSync(path.join(repo, FILE), 'utf8');
const ID = '6c4635d2-949d-4dc7-8bea-ef43008fea33';
/** The sample award, not a sample, revoked with `line` (a reason and date follow, as the schema needs). */
const revokedWith = (line: string) => sample.replace('sample: true\n', `${line}\nrevokedReason: Awarded in error.\nrevokedDate: 2023-06-01\n`);
const read = (text: string) => readAwardVersion(FILE, text);

describe('a version of an award file, read as the build reads it', () => {
  it('gives the id, the slot and the sample flag it is written with', () => {
    expect(read(sample)).toEqual({ credentialId: ID, statusIndex: 16821, revocation: { state: 'not revoked' }, sample: true });
  });

  it.each([
    ['revoked: true'],
    ['revoked: true  # ticket 12'],
    ['revoked: True'],
    ['revoked: TRUE'],
    ['"revoked": true'],
    ["'revoked': true # ticket 12"],
    ['"\\x72evoked": true'],
    ['revoked: !!bool true'],
    ['? revoked\n: true'],
  ])('reads %j as a revocation, as the build publishes it', (line) => {
    const text = revokedWith(line);
    expect(read(text).revocation).toEqual({ state: 'revoked' });
    // The one reading: the build's content check takes the same text as revoked, and accepts it.
    expect(checkFile(FILE, text, 'data', awardSchema).data?.revoked).toBe(true);
  });

  it('reads a revocation through an anchor, and in a one-line {…} mapping', () => {
    const anchored = revokedWith('revoked: *yes').replace('hashed: true', 'hashed: &yes true');
    expect(read(anchored).revocation).toEqual({ state: 'revoked' });
    const flow = stringify(parse(revokedWith('revoked: true')), { collectionStyle: 'flow', lineWidth: 0 });
    expect(flow).toMatch(/^\{ credentialId: 6c4635d2-[^\n]*, revoked: true, [^\n]* \}\n$/);
    expect(read(flow)).toEqual({ credentialId: ID, statusIndex: 16821, revocation: { state: 'revoked' }, sample: false });
  });

  it('reads the slot and the id whatever their quoting or notation', () => {
    expect(read(sample.replace('statusIndex: 16821', '"statusIndex": 16821')).statusIndex).toBe(16821);
    expect(read(sample.replace('statusIndex: 16821', 'statusIndex: 0x41B5  # hex')).statusIndex).toBe(16821);
    expect(read(sample.replace(`credentialId: ${ID}`, `'credentialId': "${ID}"`)).credentialId).toBe(ID);
    expect(read(`  ${sample.replace(/\n(?=.)/g, '\n  ')}`)).toMatchObject({ credentialId: ID, statusIndex: 16821 });
  });

  it('keeps no id or slot the build would refuse: that version published none', () => {
    const version = read(sample.replace('statusIndex: 16821', 'statusIndex: "16821"').replace(`credentialId: ${ID}`, 'credentialId: 12'));
    expect(version).toEqual({ revocation: { state: 'not revoked' }, sample: true });
  });

  it.each([
    ['revoked: yes', '"yes"'],
    ['revoked: "true"', '"true"'],
    ['revoked:', 'null'],
  ])('calls %j unclear: the build reads it as neither true nor false', (line, shown) => {
    expect(read(revokedWith(line)).revocation).toEqual({ state: 'unclear', why: `its revoked is ${shown}, which the build reads as neither true nor false` });
  });

  it('calls a version that does not parse unclear when its text could spell revoked, and says where it fails', () => {
    const broken = revokedWith('revoked: true  # ticket 12').replace('Awarded in error.', 'Plagiarism: confirmed');
    expect(read(broken)).toEqual({
      revocation: {
        state: 'unclear',
        why: 'the build cannot read that version (line 16: “This is not valid YAML (Nested mappings are not allowed in compact mappings). Check the indentation and quoting on that line.”)',
      },
      sample: false,
      unreadable: 'line 16: “This is not valid YAML (Nested mappings are not allowed in compact mappings). Check the indentation and quoting on that line.”',
    });
    // Two documents in one file, or a key spelled with an escape, are unclear too.
    expect(read(`${sample}---\nrevoked: true\n`).revocation.state).toBe('unclear');
    expect(read(`${sample}"\\x72evoked": true\n  bad: indent\n`).revocation.state).toBe('unclear');
    expect(read('revoked: true\nrevoked: false\n').revocation.state).toBe('unclear');
  });

  it('calls a version that does not parse and cannot spell revoked not revoked, and takes nothing else from it', () => {
    const version = read(sample.replace('awardedDate: 2022-03-04', 'awardedDate: 2022-03-04\n\tbad'));
    expect(version.revocation).toEqual({ state: 'not revoked' });
    expect(version).toMatchObject({ sample: false, unreadable: expect.stringMatching(/^line 14: “This is not valid YAML/) });
    expect(version.credentialId).toBeUndefined();
    expect(read('- a list\n- of things\n')).toMatchObject({ revocation: { state: 'not revoked' }, unreadable: 'line 1: “The file must hold fields as "name: value" lines, not a list or a single value.”' });
  });
});
