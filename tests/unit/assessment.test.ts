// What counts as completion, in words and as the Open Badges 3.0 ResultDescription credentials carry
// (src/lib/ob3/assessment.ts): one wording for pages, credentials and verifiers.
import { describe, expect, it } from 'vitest';
import { assessedLine, completionStatement, criteriaNarrative, passMark, percent, resultDescriptionOf, ruleOfResultDescription } from '../../src/lib/ob3/assessment.ts';

const byPercent = { gradeItem: 'Innovation Skills Training', minimumPercent: 70 };
const bySymbols = { gradeItem: 'Innovation Skills Training', passSymbols: ['Pass'] };

describe('the completion statement', () => {
  it('states a pass mark or the pass symbols, and the onQ grade item', () => {
    expect(completionStatement({ completion: byPercent })).toBe('Completion is a grade of at least 70 % in the onQ grade item “Innovation Skills Training”.');
    expect(completionStatement({ completion: bySymbols })).toBe('Completion is a grade of Pass in the onQ grade item “Innovation Skills Training”.');
    expect(passMark({ gradeItem: 'x', passSymbols: ['Pass', 'Complete', 'Excellent'] })).toBe('Pass, Complete or Excellent');
    expect(percent(72.5)).toBe('72.5 %');
    expect(completionStatement({})).toBeUndefined();
  });

  it('makes the criteria narrative: criteria, how it is assessed, what counts as completion, one paragraph each', () => {
    const narrative = criteriaNarrative({ criteria: 'Complete 20 hours in onQ.', assessment: { method: 'Quizzes graded in onQ.', placeholder: false }, completion: byPercent });
    expect(narrative.split('\n\n')).toEqual([
      'Complete 20 hours in onQ.',
      'How it is assessed: Quizzes graded in onQ.',
      'Completion is a grade of at least 70 % in the onQ grade item “Innovation Skills Training”.',
    ]);
    // Without an assessment or a rule, the criteria alone: nothing is made up.
    expect(criteriaNarrative({ criteria: 'Complete 20 hours in onQ.' })).toBe('Complete 20 hours in onQ.');
  });
});

describe('the completion rule as an OB 3.0 ResultDescription', () => {
  it('is a Percent result from 0 to 100 for a pass mark, whose required value is the mark', () => {
    expect(resultDescriptionOf(byPercent, 'https://x.example/micro-credentials/a/#result')).toEqual({
      id: 'https://x.example/micro-credentials/a/#result',
      type: ['ResultDescription'],
      name: 'Innovation Skills Training',
      resultType: 'Percent',
      requiredValue: '70',
      valueMin: '0',
      valueMax: '100',
    });
  });

  it('is a LetterGrade result for grade scheme symbols, requiring the symbol when there is one', () => {
    expect(resultDescriptionOf(bySymbols, 'urn:x')).toEqual({ id: 'urn:x', type: ['ResultDescription'], name: 'Innovation Skills Training', resultType: 'LetterGrade', requiredValue: 'Pass' });
    // Several symbols cannot be one required value; the criteria narrative names them instead.
    expect(resultDescriptionOf({ gradeItem: 'G', passSymbols: ['Pass', 'Complete'] }, 'urn:x')).not.toHaveProperty('requiredValue');
  });

  it('reads back to the same rule, so a verifier states it in the same words', () => {
    for (const rule of [byPercent, bySymbols, { gradeItem: 'G', minimumPercent: 62.5 }]) {
      expect(ruleOfResultDescription(resultDescriptionOf(rule, 'urn:x'))).toEqual(rule);
    }
    expect(ruleOfResultDescription({ name: 'G', resultType: 'Percent', requiredValue: 'seventy' })).toBeUndefined();
    expect(ruleOfResultDescription({ name: 'G', resultType: 'RubricScore', requiredValue: '3' })).toBeUndefined();
    expect(ruleOfResultDescription('G')).toBeUndefined();
  });

  it('gives a verifier one line: the completion statement and the asserted status', () => {
    const achievement = { resultDescription: [resultDescriptionOf(byPercent, 'https://x.example/a/#result')] };
    const subject = { result: [{ type: ['Result'], resultDescription: 'https://x.example/a/#result', status: 'Completed' }] };
    expect(assessedLine(achievement, subject)).toBe('Completion is a grade of at least 70 % in the onQ grade item “Innovation Skills Training”. — Result: Completed');
    // A result naming a description the achievement does not hold still says its status, and no rule.
    expect(assessedLine(achievement, { result: { type: ['Result'], resultDescription: 'urn:other', status: 'Completed' } })).toBe('Result: Completed');
    expect(assessedLine(achievement, {})).toBe('');
    expect(assessedLine(achievement, { result: [{ type: ['Result'], value: '88' }] })).toBe('');
  });
});
