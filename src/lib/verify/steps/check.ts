/** Making a step's check: the one shape every step returns. */
import type { Check, CheckCode, CheckId, CheckStatus } from '../types.ts';

export function check(id: CheckId, status: CheckStatus, code: CheckCode, detail: string, cause?: string): Check {
  return cause === undefined ? { id, status, code, detail } : { id, status, code, detail, cause };
}

/** The library's or network's own code of an error, kept as a check's cause. */
export function causeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : undefined;
}
