/** JSON helpers of the core: parsing with a depth limit, and narrowing unknown values. */

/** Deeper than any credential needs; deeper input is refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 64;

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** True when `value` nests deeper than `max` (measured without recursion, so no input can overflow the stack). */
export function tooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: 'syntax' | 'depth' };

/** JSON.parse that never throws and refuses nesting deeper than MAX_JSON_DEPTH. */
export function parseJson(text: string): ParsedJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'syntax' };
  }
  return tooDeep(value) ? { ok: false, reason: 'depth' } : { ok: true, value };
}
