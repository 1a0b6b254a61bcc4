/**
 * npm run bench:import -- [--awards 5000] [--learners 500] [--write]
 *
 * What recognising people by their award files costs the LMS import: each address of the export is
 * hashed against the salt of every award of the micro-credential (there is no index any more). Runs
 * the real importAwards on a made-up export against made-up award files, beside a baseline run of the
 * same export with no awards to compare against, and reports both and their ratio in one run.
 */
import { appendFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { importAwards, type ExistingAward } from '../src/lib/awards/award-import.ts';
import { awardSchema } from '../src/schemas/award.ts';
import { syntheticAwardYaml } from './synthetic-awards.ts';

const { values } = parseArgs({ options: { awards: { type: 'string', default: '5000' }, learners: { type: 'string', default: '500' }, write: { type: 'boolean', default: false } } });
const awards = Number(values.awards);
const learners = Number(values.learners);

const existing: ExistingAward[] = Array.from({ length: awards }, (_, n) => ({
  file: `content/awards/bench-${n}.yaml`,
  award: awardSchema.parse(parse(syntheticAwardYaml(n, { achievement: 'innovation-skills', statusIndex: n }))),
}));
// Half the learners hold an award already (the made-up addresses are bench<n>@example.org), half are new.
const header = 'OrgDefinedId,Username,Last Name,First Name,Email,Innovation Skills Training Points Grade <Numeric MaxPoints:100 Weight:100 Category:>,End-of-Line Indicator';
const rows = Array.from({ length: learners }, (_, i) => `#${i},#u${i},Learner,Bench,${i % 2 === 0 ? `bench${i}@example.org` : `new${i}@example.org`},90,#`);
const csv = [header, ...rows].join('\r\n');
const options = { achievement: 'innovation-skills', achievements: ['innovation-skills'], completion: { gradeItem: 'Innovation Skills Training', minimumPercent: 70 }, date: '2026-03-06', takenIndexes: new Set<number>() };

function time(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}
// Alternated, best of five each: the machine is noisy, so the ratio of one run is what counts.
const base: number[] = [];
const real: number[] = [];
let held = 0;
for (let i = 0; i < 5; i++) {
  base.push(time(() => importAwards(csv, { ...options, existing: [] })));
  real.push(time(() => (held = importAwards(csv, { ...options, existing }).alreadyHolding.length)));
}
const [b, r] = [Math.min(...base), Math.min(...real)];
const report = `### Import recognition, ${new Date().toISOString().slice(0, 10)} (issue 23: people recognised by their award files)

\`npm run bench:import -- --awards ${awards} --learners ${learners}\`: the import of a ${learners}-learner export against ${awards} award
files of the micro-credential (${held} of the learners already hold one), beside the same import against none. Best of 5, alternated.

| run | time |
| :-- | --: |
| baseline: read, judge and mint, no award files | ${b.toFixed(0)} ms |
| with recognition against ${awards} award files | ${r.toFixed(0)} ms |
| ratio | ${(r / b).toFixed(1)}× |
`;
console.log(report);
if (values.write) await appendFile('BENCHMARKS.md', `\n${report}`);
