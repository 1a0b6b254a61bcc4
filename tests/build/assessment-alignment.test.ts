// The micro-credential's page and its credentials say how it is assessed and what counts as completion
// (from its completion rule), list each competency with its framework alignments, and the credential
// asserts the result: on the built site, and on a copy whose rule and alignments were changed.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, type HTMLElement } from 'node-html-parser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyProject, runBuild } from '../support/build.ts';
import { fixtureText } from '../support/fixtures.ts';

const dist = inject('builtSite');
const page = async (root: string, urlPath: string): Promise<HTMLElement> => parse(await readFile(path.join(root, urlPath, 'index.html'), 'utf8'));
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const assessment = (doc: HTMLElement) => doc.querySelectorAll('section.assessment p').map((p) => squash(p.text));
/** Each competency's text, and its framework links as [text, href]. */
const competencies = (doc: HTMLElement) =>
  doc.querySelectorAll('ul.competencies > li').map((li) => ({
    id: li.getAttribute('id'),
    name: squash(li.querySelector('strong')!.text),
    links: li.querySelectorAll('.alignments a').map((a) => [squash(a.text), a.getAttribute('href')]),
    frameworks: li.querySelectorAll('.alignments li').map((item) => squash(item.text)),
  }));
/** The parts of a published credential JSON these tests read. */
interface CredentialJson {
  credentialSubject: {
    result: unknown;
    achievement: { criteria: { narrative: string }; resultDescription: unknown; alignment: Record<string, string>[] };
  };
}
async function firstCredential(root: string): Promise<{ id: string; json: CredentialJson }> {
  const name = (await readdir(path.join(root, 'credentials'))).find((f) => /^[0-9a-f-]{36}\.json$/.test(f))!;
  return { id: name.replace(/\.json$/, ''), json: JSON.parse(await readFile(path.join(root, 'credentials', name), 'utf8')) };
}

describe('the built site (a percent pass mark, an assessment still to confirm)', () => {
  it('says on the micro-credential page how it is assessed, that this is a placeholder, and the pass mark', async () => {
    const doc = await page(dist, 'micro-credentials/innovation-skills');
    expect(doc.querySelector('#assessment')?.text).toBe('How it is assessed');
    expect(assessment(doc)).toEqual([
      'The activities of the 20-hour online training in onQ are graded as you complete them, and together make up your grade in the training. (Placeholder: the program has yet to confirm how it is assessed.)',
      'Completion is a grade of at least 70 % in the onQ grade item “Innovation Skills Training”.',
    ]);
    // Each competency keeps the anchor credentials point at; none is aligned to a framework yet.
    expect(competencies(doc).map((c) => [c.id, c.name, c.links.length])).toEqual([
      ['competency-1', 'Entrepreneurial mindset', 0],
      ['competency-2', 'Developing and testing solutions', 0],
      ['competency-3', 'Team-based, real-world proposals', 0],
    ]);
  });

  it('gives the credential page the signed criteria, paragraph by paragraph, and the result', async () => {
    const { id, json } = await firstCredential(dist);
    const doc = await page(dist, `credentials/${id}`);
    const paragraphs = doc.querySelectorAll('blockquote.criteria p').map((p) => squash(p.text));
    expect(paragraphs.join('\n\n')).toBe(json.credentialSubject.achievement.criteria.narrative.replace(/[ \t]+/g, ' '));
    expect(paragraphs.at(-1)).toBe('Completion is a grade of at least 70 % in the onQ grade item “Innovation Skills Training”.');
    const facts = doc.querySelectorAll('.credential-hero dt').map((dt) => [dt.text, squash(dt.nextElementSibling!.text)]);
    expect(facts).toContainEqual(['Result', 'Completed']);
    expect(json.credentialSubject.result).toEqual([{ type: ['Result'], resultDescription: 'http://localhost:4321/micro-credentials/innovation-skills/#result', status: 'Completed' }]);
  });
});

describe('a copy whose rule is Pass/Fail and whose competencies are aligned to a framework', () => {
  let root: string;
  beforeAll(async () => {
    root = await copyProject();
    await writeFile(path.join(root, 'content/achievements/innovation-skills.yaml'), fixtureText('content/achievements/aligned.yaml'));
    const { status, output } = runBuild(root);
    if (status !== 0) throw new Error(output);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('states the new rule and the confirmed assessment on the page, and links every framework entry', async () => {
    const doc = await page(path.join(root, 'dist'), 'micro-credentials/innovation-skills');
    expect(assessment(doc)).toEqual([
      'Three assignments in onQ, each marked Pass or Fail by DDQIC staff.',
      'Completion is a grade of Pass in the onQ grade item “Innovation Skills Final Result”.',
    ]);
    const listed = competencies(doc);
    expect(listed[0]).toMatchObject({ links: [['EX-1.1 Spotting value', 'https://frameworks.example.org/skills/ex-1-1']], frameworks: ['Example Skills Framework (test fixture): EX-1.1 Spotting value'] });
    expect(listed[1]!.links).toEqual([]);
    expect(listed[2]!.links).toEqual([['EX-3.5 Working with others', 'https://case.example.org/uri/5d0c8e0e-0000-4000-8000-000000000035']]);
    // Where the alignment was looked up is the editors' note, never published.
    expect(doc.text).not.toContain('made-up framework; not looked up');
  });

  it('signs the new rule and the alignments into the credentials, and their pages list the framework links', async () => {
    const { id, json } = await firstCredential(path.join(root, 'dist'));
    const achievement = json.credentialSubject.achievement;
    expect(achievement.resultDescription).toEqual([
      { id: 'http://localhost:4321/micro-credentials/innovation-skills/#result', type: ['ResultDescription'], name: 'Innovation Skills Final Result', resultType: 'LetterGrade', requiredValue: 'Pass' },
    ]);
    expect(achievement.criteria.narrative).toContain('How it is assessed: Three assignments in onQ, each marked Pass or Fail by DDQIC staff.\n\nCompletion is a grade of Pass in the onQ grade item “Innovation Skills Final Result”.');
    expect(achievement.alignment.filter((a) => a.targetCode).map((a) => [a.targetFramework, a.targetCode, a.targetName, a.targetUrl])).toEqual([
      ['Example Skills Framework (test fixture)', 'EX-1.1', 'Spotting value', 'https://frameworks.example.org/skills/ex-1-1'],
      ['Example CASE Framework (test fixture)', 'EX-3.5', 'Working with others', 'https://case.example.org/uri/5d0c8e0e-0000-4000-8000-000000000035'],
    ]);
    const doc = await page(path.join(root, 'dist'), `credentials/${id}`);
    expect(competencies(doc).flatMap((c) => c.links.map(([, href]) => href))).toEqual(['https://frameworks.example.org/skills/ex-1-1', 'https://case.example.org/uri/5d0c8e0e-0000-4000-8000-000000000035']);
    expect(doc.querySelector('blockquote.criteria')!.text).not.toContain('70 %');
  });
});
