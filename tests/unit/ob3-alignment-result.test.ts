// What a credential asserts about its micro-credential's competencies and assessment: alignments to
// published frameworks beside the program's own, the ResultDescription of the completion rule, and the
// recipient's Result, valid under 1EdTech's schema and in the one spelling the verifier accepts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkCompactForm } from '../../src/lib/data-integrity/compact-form.ts';
import { achievementObject, buildCredential, issuerProfile } from '../../src/lib/ob3/credential.ts';
import { badgeUrls } from '../../src/lib/ob3/urls.ts';
import { achievementSchema, type Achievement } from '../../src/schemas/achievement.ts';
import { awardSchema } from '../../src/schemas/award.ts';
import { settingsSchema } from '../../src/schemas/settings.ts';
import { repo } from '../support/build.ts';
import { achievementCredentialValidator } from '../support/conformance.ts';
import { fixtureText } from '../support/fixtures.ts';

const urls = badgeUrls('https://badges.example.org');
const page = urls.achievement('innovation-skills');
const yamlOf = (relative: string) => parse(readFileSync(path.join(repo, relative), 'utf8'));
const aligned = achievementSchema.parse(parse(fixtureText('content/achievements/aligned.yaml')));
const real = achievementSchema.parse(yamlOf('content/achievements/innovation-skills.yaml'));
const award = awardSchema.parse(yamlOf('content/awards/innovation-skills-2022-03-04-6c4635d2.yaml'));
const issuer = issuerProfile(settingsSchema.parse(yamlOf('content/settings/site.yaml')), urls, false);
const credentialOf = (achievement: Achievement) => buildCredential({ award, achievement, issuer, urls });
const achievementOf = (achievement: Achievement) => achievementObject('innovation-skills', achievement, urls);

describe('alignments', () => {
  it('issue each framework alignment, with its framework and code, right after the program’s own competency', () => {
    expect(achievementOf(aligned).alignment).toEqual([
      { type: ['Alignment'], targetName: 'Entrepreneurial mindset', targetUrl: `${page}#competency-1`, targetDescription: 'Approaches a problem as an opportunity to create something of value for others.' },
      {
        type: ['Alignment'],
        targetName: 'Spotting value',
        targetUrl: 'https://frameworks.example.org/skills/ex-1-1',
        targetDescription: 'Sees where an idea could create value for others.',
        targetFramework: 'Example Skills Framework (test fixture)',
        targetCode: 'EX-1.1',
      },
      { type: ['Alignment'], targetName: 'Developing and testing solutions', targetUrl: `${page}#competency-2`, targetDescription: 'Develops solutions to real problems and tests them before committing to one.' },
      { type: ['Alignment'], targetName: 'Team-based, real-world proposals', targetUrl: `${page}#competency-3`, targetDescription: 'Applies these skills with a team to a proposal for a real city.' },
      {
        type: ['Alignment'],
        targetName: 'Working with others',
        targetUrl: 'https://case.example.org/uri/5d0c8e0e-0000-4000-8000-000000000035',
        targetFramework: 'Example CASE Framework (test fixture)',
        targetCode: 'EX-3.5',
        targetType: 'CFItem',
      },
    ]);
  });

  it('never sign where the alignment was looked up (the editors’ note), and claim no record type the framework does not have', () => {
    const json = JSON.stringify(achievementOf(aligned));
    expect(json).not.toContain('Test fixture, a made-up framework');
    // The program's own competencies are not Credential Engine records: no ceasn:Competency.
    expect(json).not.toContain('ceasn:Competency');
  });

  it('are refused in content without where they were looked up, or with an address that is not one', () => {
    const base = parse(fixtureText('content/achievements/aligned.yaml'));
    const first = base.competencies[0].alignments[0];
    const withAlignment = (alignment: Record<string, unknown>) => ({ ...base, competencies: [{ ...base.competencies[0], alignments: [alignment] }] });
    const { source: _source, ...unsourced } = first;
    expect(achievementSchema.safeParse(withAlignment(unsourced)).success).toBe(false);
    expect(achievementSchema.safeParse(withAlignment({ ...first, targetUrl: 'ESCO skill creativity' })).success).toBe(false);
    expect(achievementSchema.safeParse(withAlignment({ ...first, targetType: 'Skill' })).success).toBe(false);
    expect(achievementSchema.safeParse(withAlignment(first)).success).toBe(true);
  });
});

describe('the assessment and the result', () => {
  it('state the criteria, how it is assessed and what counts as completion in criteria.narrative', () => {
    expect((achievementOf(real).criteria as { narrative: string }).narrative.split('\n\n')).toEqual([
      real.criteria,
      `How it is assessed: ${real.assessment!.method}`,
      'Completion is a grade of at least 70 % in the onQ grade item “Innovation Skills Training”.',
    ]);
  });

  it('describe a percent pass mark as a Percent result from 0 to 100, required 70', () => {
    expect(achievementOf(real).resultDescription).toEqual([
      { id: `${page}#result`, type: ['ResultDescription'], name: 'Innovation Skills Training', resultType: 'Percent', requiredValue: '70', valueMin: '0', valueMax: '100' },
    ]);
  });

  it('describe a Pass/Fail rule as a LetterGrade result requiring Pass', () => {
    expect(achievementOf(aligned).resultDescription).toEqual([{ id: `${page}#result`, type: ['ResultDescription'], name: 'Innovation Skills Final Result', resultType: 'LetterGrade', requiredValue: 'Pass' }]);
  });

  it('assert Completed on the subject against that description, and never a grade', () => {
    for (const achievement of [real, aligned]) {
      const subject = credentialOf(achievement).credentialSubject;
      expect(subject.result).toEqual([{ type: ['Result'], resultDescription: `${page}#result`, status: 'Completed' }]);
      expect(subject.result![0]).not.toHaveProperty('value');
    }
  });

  it('assert nothing when the micro-credential has no completion rule', () => {
    const { completion: _rule, ...ruleless } = real;
    const credential = credentialOf(ruleless);
    expect(credential.credentialSubject).not.toHaveProperty('result');
    expect(credential.credentialSubject.achievement).not.toHaveProperty('resultDescription');
  });
});

describe('credentials with alignments and results', () => {
  it("validate against 1EdTech's AchievementCredential schema", () => {
    const validate = achievementCredentialValidator();
    for (const achievement of [real, aligned]) {
      const ok = validate(credentialOf(achievement));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('are written in the one spelling the verifier accepts', async () => {
    for (const achievement of [real, aligned]) {
      const form = await checkCompactForm(credentialOf(achievement));
      expect(form.ok ? 'ok' : `${form.reason} at ${form.path}`).toBe('ok');
    }
  });

  it('could not carry OB’s allowedValue: the verifier refuses its list form (why several pass symbols name no required value)', async () => {
    const credential = credentialOf(aligned);
    const achievement = credential.credentialSubject.achievement as { resultDescription: Record<string, unknown>[] };
    achievement.resultDescription[0]!.allowedValue = ['Fail', 'Pass'];
    expect((await checkCompactForm(credential)).ok).toBe(false);
  });
});
