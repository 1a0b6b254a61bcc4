/**
 * What counts as completing a micro-credential, in words, from its completion rule (the same rule
 * `npm run awards:import` applies to the onQ export), and the same rule as the Open Badges 3.0
 * ResultDescription every credential carries. One wording for every page and credential that states
 * it, so what the site says, what the credential asserts and what the import does cannot drift apart.
 * Pure (the verify page's script reads a verified credential's ResultDescription back with it).
 */
import type { Achievement, CompletionRule } from '../../schemas/achievement.ts';

/** "70 %" as the site writes a percentage (Canadian English: a space before the sign). */
export function percent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1).replace(/\.0$/, '')} %`;
}

/** The pass mark in a few words: "at least 70 %" or "Pass" (or "Pass or Complete"). */
export function passMark(rule: CompletionRule): string {
  if (rule.minimumPercent !== undefined) return `at least ${percent(rule.minimumPercent)}`;
  const symbols = rule.passSymbols ?? [];
  return symbols.length <= 1 ? (symbols[0] ?? '') : `${symbols.slice(0, -1).join(', ')} or ${symbols.at(-1)}`;
}

/**
 * One sentence on what counts as completion, e.g. 'Completion is a grade of at least 70 % in the onQ
 * grade item "Innovation Skills Training".' Undefined when the micro-credential has no completion rule.
 */
export function completionStatement(achievement: Pick<Achievement, 'completion'>): string | undefined {
  const rule = achievement.completion;
  if (!rule) return undefined;
  return `Completion is a grade of ${passMark(rule)} in the onQ grade item “${rule.gradeItem}”.`;
}

/**
 * The criteria every credential carries (OB `criteria.narrative`): how it is earned, how it is
 * assessed and what counts as completion, one paragraph each (the narrative is Markdown).
 */
export function criteriaNarrative(achievement: Pick<Achievement, 'criteria' | 'assessment' | 'completion'>): string {
  const completion = completionStatement(achievement);
  return [
    achievement.criteria,
    ...(achievement.assessment ? [`How it is assessed: ${achievement.assessment.method}`] : []),
    ...(completion ? [completion] : []),
  ].join('\n\n');
}

/** The OB 3.0 ResultDescription of a completion rule (OB 3.0 §B.1.9), as signed into credentials. */
export interface ResultDescription {
  id: string;
  type: ['ResultDescription'];
  name: string;
  resultType: 'Percent' | 'LetterGrade';
  requiredValue?: string;
  valueMin?: string;
  valueMax?: string;
}

/**
 * The completion rule as an OB 3.0 ResultDescription whose id is `id`. A pass mark is a Percent result
 * from 0 to 100 whose required value is the mark. Grade scheme symbols (a Pass/Fail item in onQ) are
 * a LetterGrade result: OB's type for a grade given as a symbol of a scheme; `Status` is not it, since
 * its values are OB's own ResultStatusType (Completed, Failed…), which is what the learner's Result
 * says, not what the grade item holds. One symbol is the required value; several cannot be one value
 * (OB's `allowedValue` is a JSON-LD list, a form the verifier's one-spelling rule refuses), so the
 * credential then names none and its criteria narrative lists them.
 */
export function resultDescriptionOf(rule: CompletionRule, id: string): ResultDescription {
  if (rule.minimumPercent !== undefined) {
    return { id, type: ['ResultDescription'], name: rule.gradeItem, resultType: 'Percent', requiredValue: String(rule.minimumPercent), valueMin: '0', valueMax: '100' };
  }
  const symbols = rule.passSymbols ?? [];
  return { id, type: ['ResultDescription'], name: rule.gradeItem, resultType: 'LetterGrade', ...(symbols.length === 1 ? { requiredValue: symbols[0]! } : {}) };
}

/**
 * The completion rule a ResultDescription states, read back from a (verified) credential, so a
 * verifier says it in the same words as the pages; undefined for one this site does not write.
 */
export function ruleOfResultDescription(description: unknown): CompletionRule | undefined {
  if (typeof description !== 'object' || description === null) return undefined;
  const { name, resultType, requiredValue } = description as Record<string, unknown>;
  if (typeof name !== 'string' || !name || typeof requiredValue !== 'string' || !requiredValue) return undefined;
  if (resultType === 'Percent') {
    const mark = Number(requiredValue);
    return /^\d+(\.\d+)?$/.test(requiredValue) && mark <= 100 ? { gradeItem: name, minimumPercent: mark } : undefined;
  }
  return resultType === 'LetterGrade' ? { gradeItem: name, passSymbols: [requiredValue] } : undefined;
}

const entries = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What a verified credential asserts about how it was assessed, as one line for a verifier's "what
 * was verified": 'Completion is a grade of at least 70 % in the onQ grade item “…”. — Result:
 * Completed'. Read from the subject's Result (its status) and the achievement's ResultDescription it
 * names; empty when the credential asserts no result status.
 */
export function assessedLine(achievement: unknown, subject: unknown): string {
  if (!isObject(achievement) || !isObject(subject)) return '';
  const descriptions = entries(achievement.resultDescription).filter(isObject);
  for (const result of entries(subject.result).filter(isObject)) {
    if (typeof result.status !== 'string' || !result.status) continue;
    const description = descriptions.find((d) => typeof d.id === 'string' && d.id === result.resultDescription);
    const rule = ruleOfResultDescription(description);
    const statement = rule ? completionStatement({ completion: rule }) : undefined;
    return statement ? `${statement} — Result: ${result.status}` : `Result: ${result.status}`;
  }
  return '';
}
