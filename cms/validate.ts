/**
 * The build's own zod schemas, run on an entry before Decap saves it: if the build would reject the
 * entry, the CMS refuses to save it and shows the same messages.
 */
import { collectionSpecs, type CollectionName } from '../src/schemas/collections.ts';

/** Messages the build would print for this entry's data, or none. */
export function schemaProblems(collection: string, data: unknown): string[] {
  const spec = collectionSpecs[collection as CollectionName];
  if (!spec) return [];
  const { body: _body, ...fields } = (data ?? {}) as Record<string, unknown>;
  const cleaned = withoutEmpty(fields);
  const result = spec.schema.safeParse(cleaned);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`);
}

/**
 * Decap keeps cleared fields as "" and untouched optional objects as {} of empty values; the files it
 * writes (with omit_empty_optional_fields) leave them out, so the check does too.
 */
export function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (typeof value !== 'object' || value === null) return value === '' ? undefined : value;
  const entries = Object.entries(value)
    .map(([k, v]) => [k, withoutEmpty(v)] as const)
    .filter(([, v]) => v !== undefined && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0));
  return Object.fromEntries(entries);
}
