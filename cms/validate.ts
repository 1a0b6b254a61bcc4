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
  // Decap leaves cleared optional fields as empty strings; the files it writes omit them.
  const cleaned = JSON.parse(JSON.stringify(fields, (_key, value) => (value === '' ? undefined : value)));
  const result = spec.schema.safeParse(cleaned);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`);
}

