/**
 * What counts as completing a micro-credential, in words, from its completion rule (the same rule
 * `npm run awards:import` applies to the onQ export). One wording for every page and credential that
 * states it, so what the site says and what the import does cannot drift apart.
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
