/**
 * Who completed: a micro-credential's completion rule (src/schemas/achievement.ts, `completion`)
 * applied to one learner's row of an LMS export. The rule is resolved once against the export's
 * columns, so an export that cannot answer it (no such grade item, no maximum to make a percentage
 * of, no symbol column for a Pass/Fail rule) stops the import before any row is read, and a rule
 * that is missing, or an item that is ambiguous, is never guessed.
 */
import type { CompletionRule } from '../../schemas/achievement.ts';
import { describeItem, gradeItems, ImportError, itemKey, type GradeItem } from './lms-export.ts';

/** What one row says about completion. */
export type Outcome = { completed: true } | { completed: false; reason: string } | { problem: string };

export interface Judge {
  /** The rule in staff's words, for the summary: 'grade item "X" (points out of 100) at 70 % or more'. */
  describe: string;
  judge(fields: Record<string, string>): Outcome;
}

/** What staff may say on the command line instead of the achievement's rule. */
export interface RuleOverrides {
  /** --grade-column: an item name or a whole column header. */
  gradeItem?: string;
  /** --min-grade: a pass mark in per cent. */
  minimumPercent?: number;
  /** --pass-symbol (repeatable). */
  passSymbols?: string[];
}

/** Values an LMS writes for learners who left or never finished, in any grade column. */
const WITHDRAWN = /^(w|wd|withdrawn|withdrew|inc|incomplete|dnf|not completed)$/i;
/** What Brightspace writes in a symbol column for a learner with no grade. */
const NO_RECORD = /^no record$/i;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const PERCENT = /^(-?\d+(?:\.\d+)?)\s*%$/;

/** The rule to apply: the flags over the achievement's rule; undefined when neither says anything. */
export function effectiveRule(rule: CompletionRule | undefined, overrides: RuleOverrides): CompletionRule | undefined {
  if (overrides.minimumPercent !== undefined && overrides.passSymbols?.length) {
    throw new ImportError('ERR_IMPORT_OPTIONS', 'Give --min-grade (a pass mark in per cent) or --pass-symbol (such as Pass), not both: the import applies exactly one rule.');
  }
  const gradeItem = overrides.gradeItem ?? rule?.gradeItem;
  const threshold =
    overrides.minimumPercent !== undefined
      ? { minimumPercent: overrides.minimumPercent }
      : overrides.passSymbols?.length
        ? { passSymbols: overrides.passSymbols }
        : rule
          ? rule.minimumPercent !== undefined
            ? { minimumPercent: rule.minimumPercent }
            : { passSymbols: rule.passSymbols! }
          : undefined;
  if (gradeItem === undefined && threshold === undefined) return undefined;
  return { gradeItem: gradeItem ?? '', ...threshold };
}

/**
 * Resolves the rule against a Brightspace export's header. `source` names where the rule came from
 * (the achievement's file), so a stop says what to change.
 */
export function brightspaceJudge(header: readonly string[], rule: CompletionRule | undefined, source: string): Judge {
  const items = [...gradeItems(header).values()];
  const choices = () =>
    items.length === 0
      ? 'The export has no grade columns: in onQ, export again with the grade item ticked under "Choose grades to export".'
      : `The export's grade items: ${items.map(describeItem).join('; ')}.`;
  if (!rule) {
    throw new ImportError(
      'ERR_IMPORT_RULE',
      `${source} says nothing about what completion is, so the import cannot tell who passed. Add a completion rule there (completion: gradeItem and minimumPercent, or passSymbols; the CMS has the fields), or give it here with --grade-column "<item>" and --min-grade <per cent> (or --pass-symbol Pass). ${choices()}`,
    );
  }
  if (!rule.gradeItem) {
    throw new ImportError('ERR_IMPORT_RULE', `Say which grade item holds the result: --grade-column "<item>". ${choices()}`);
  }
  if (rule.minimumPercent === undefined && !rule.passSymbols) {
    throw new ImportError('ERR_IMPORT_RULE', `Say what counts as completing "${rule.gradeItem}": --min-grade <per cent> or --pass-symbol Pass (or set it in ${source}).`);
  }
  const wanted = itemKey(rule.gradeItem);
  // A whole header ("X Points Grade <Numeric MaxPoints:20>") names its item too.
  const item = items.find((i) => itemKey(i.name) === wanted) ?? items.find((i) => [i.points?.column, i.symbol?.column, i.fraction?.numerator].some((c) => c !== undefined && itemKey(c) === wanted));
  if (!item) {
    throw new ImportError('ERR_IMPORT_RULE', `The export has no grade item "${rule.gradeItem}" (the completion rule of ${source}). ${choices()} Choose one with --grade-column "<item>", or correct the rule.`);
  }
  return rule.passSymbols ? symbolJudge(item, rule.passSymbols) : percentJudge(item, rule.minimumPercent!);
}

/**
 * A grade column of a file that is not a Brightspace export (--columns grade=…): its values are
 * percentages ("85", "85 %") or symbols, unless its header is a Brightspace points header with a maximum.
 */
export function columnJudge(column: string, rule: CompletionRule | undefined, source: string): Judge {
  if (!rule || (rule.minimumPercent === undefined && !rule.passSymbols)) {
    throw new ImportError('ERR_IMPORT_RULE', `The grade column "${column}" is mapped, but nothing says what counts as completing: add a completion rule to ${source}, or give --min-grade <per cent> or --pass-symbol Pass.`);
  }
  const asItem = gradeItems([column]).values().next().value;
  const item: GradeItem = asItem?.points?.maxPoints !== undefined ? asItem : { name: column, symbol: { column } };
  return rule.passSymbols ? symbolJudge({ name: column, symbol: { column } }, rule.passSymbols) : percentJudge(item, rule.minimumPercent!);
}

function percentJudge(item: GradeItem, minimum: number): Judge {
  const at = `${formatNumber(minimum)} % or more`;
  const notGraded = { completed: false, reason: 'no grade' } as const;
  const withdrawn = (value: string) => ({ completed: false, reason: `withdrawn or not completed (grade "${value}")` }) as const;
  // Compared exactly, in decimal: 57 of 100 is 57 % (never 56.99999 in floating point), and
  // 69.9999999999 of 100 is below 70 %.
  const passes = (value: string, max: string) => atLeast(value, max, minimum);
  const percentOf = (value: number, max: number) => `${formatNumber(Math.round((value / max) * 1000) / 10)} %`;

  if (item.points?.maxPoints !== undefined) {
    const { column, maxPoints } = item.points;
    if (maxPoints <= 0) throw new ImportError('ERR_IMPORT_RULE', `The column "${column}" says MaxPoints:${maxPoints}, so no percentage can be made of it. Use another grade item with --grade-column.`);
    return {
      describe: `grade item "${item.name}" (points out of ${formatNumber(maxPoints)}) at ${at}`,
      judge(fields) {
        const value = fields[column] ?? '';
        if (!value) return notGraded;
        if (WITHDRAWN.test(value)) return withdrawn(value);
        if (!NUMBER.test(value)) return { problem: `the grade "${value}" in "${item.name}" is not a number of points` };
        const points = Number(value);
        return passes(value, String(maxPoints)) ? { completed: true } : { completed: false, reason: `${formatNumber(points)} of ${formatNumber(maxPoints)} points (${percentOf(points, maxPoints)}) is below ${formatNumber(minimum)} %` };
      },
    };
  }
  if (item.fraction) {
    const { numerator, denominator } = item.fraction;
    return {
      describe: `grade item "${item.name}" (numerator over denominator) at ${at}`,
      judge(fields) {
        const [top, bottom] = [fields[numerator] ?? '', fields[denominator] ?? ''];
        if (!top || !bottom) return notGraded;
        if (!NUMBER.test(top) || !NUMBER.test(bottom)) return { problem: `the grade "${top}/${bottom}" in "${item.name}" is not a number over a number` };
        const [value, max] = [Number(top), Number(bottom)];
        if (max <= 0) return notGraded;
        return passes(top, bottom) ? { completed: true } : { completed: false, reason: `${formatNumber(value)}/${formatNumber(max)} (${percentOf(value, max)}) is below ${formatNumber(minimum)} %` };
      },
    };
  }
  if (item.symbol) {
    const { column } = item.symbol;
    return {
      describe: `grade item "${item.name}" (a percentage) at ${at}`,
      judge(fields) {
        const value = fields[column] ?? '';
        if (!value || NO_RECORD.test(value)) return notGraded;
        if (WITHDRAWN.test(value)) return withdrawn(value);
        // Only "85 %" is a percentage: a bare "3.5" in a symbol column is a scheme's symbol (a grade
        // point, a level), and a bare number in a column staff mapped has no known maximum.
        const percent = PERCENT.exec(value)?.[1];
        if (percent === undefined) {
          return NUMBER.test(value)
            ? { problem: `the grade "${value}" in "${item.name}" is a number with no maximum, so it is not a percentage: write it as "${value} %" if it is one, or choose a points column (--grade-column)` }
            : { problem: `the grade "${value}" in "${item.name}" is a symbol, not a percentage: for a Pass/Fail item the rule needs passSymbols (or --pass-symbol ${value})` };
        }
        return passes(percent, '100') ? { completed: true } : { completed: false, reason: `${formatNumber(Number(percent))} % is below ${formatNumber(minimum)} %` };
      },
    };
  }
  throw new ImportError('ERR_IMPORT_RULE', `The column for "${item.name}" has no maximum (no "MaxPoints" in its header), so no percentage can be made of its points. Export it from onQ's Grades > Export, which writes the maximum, or use a pass symbol.`);
}

function symbolJudge(item: GradeItem, symbols: readonly string[]): Judge {
  if (!item.symbol) {
    throw new ImportError(
      'ERR_IMPORT_RULE',
      `The rule counts the symbols ${symbols.map((s) => `"${s}"`).join(', ')}, but the export has no symbol column for "${item.name}". In onQ's Grades > Export, choose Grade Values "Grade Scheme" (or both), or give a pass mark with --min-grade.`,
    );
  }
  const { column } = item.symbol;
  const pass = new Set(symbols.map((s) => s.trim().toLowerCase()));
  return {
    describe: `grade item "${item.name}" with the symbol ${symbols.map((s) => `"${s}"`).join(' or ')}`,
    judge(fields) {
      const value = fields[column] ?? '';
      if (!value || NO_RECORD.test(value)) return { completed: false, reason: 'no grade' };
      return pass.has(value.toLowerCase()) ? { completed: true } : { completed: false, reason: `"${value}" is not ${symbols.map((s) => `"${s}"`).join(' or ')}` };
    },
  };
}

const formatNumber = (n: number) => String(Math.round(n * 1000) / 1000);

/** A plain decimal ("12", "-0.5") as an integer and a power of ten, for exact comparison. */
function decimal(text: string): { digits: bigint; scale: number } | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match;
  return { digits: BigInt(`${sign}${whole}${fraction}`), scale: fraction.length };
}

/** value × 100 ≥ minimum × max, exactly. Every operand is a plain decimal (the column grammar checked it). */
function atLeast(value: string, max: string, minimum: number): boolean {
  const [v, m, p] = [decimal(value), decimal(max), decimal(String(minimum))];
  if (!v || !m || !p) return Number(value) * 100 >= minimum * Number(max);
  // Both sides brought to the same power of ten: v·100·10^(sm+sp) against p·m·10^sv.
  const left = v.digits * 100n * 10n ** BigInt(m.scale + p.scale);
  const right = p.digits * m.digits * 10n ** BigInt(v.scale);
  return left >= right;
}
