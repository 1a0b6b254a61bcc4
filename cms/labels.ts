/**
 * The form's words for a problem the content check found: "timeline.2.endDate" becomes
 * "Timeline (key dates) › item 3 › Last day", and field names written into a message
 * ("add revokedReason") become the labels the editor sees ("add “Reason for revoking”").
 */

/** A Decap field as plain data (the part of CmsField used here). */
export interface FieldConfig {
  name: string;
  label?: string;
  fields?: FieldConfig[];
  field?: FieldConfig;
}

const labelOf = (field: FieldConfig) => field.label ?? field.name;

/** The labels along a dotted path, list positions counted from 1 as the form shows them. */
export function labelTrail(fields: readonly FieldConfig[], path: string): string[] {
  const trail: string[] = [];
  let level: readonly FieldConfig[] | undefined = fields;
  let single: FieldConfig | undefined;
  for (const segment of path.split('.').filter(Boolean)) {
    if (/^\d+$/.test(segment)) {
      trail.push(`item ${Number(segment) + 1}`);
      continue;
    }
    const field: FieldConfig | undefined = level?.find((f) => f.name === segment) ?? (single?.name === segment ? single : undefined);
    if (!field) {
      trail.push(segment);
      level = undefined;
      continue;
    }
    trail.push(labelOf(field));
    level = field.fields;
    single = field.field;
  }
  return trail;
}

/** Every field name that is written as one word with capitals (endDate, revokedReason), with its label. */
function namedFields(fields: readonly FieldConfig[], into = new Map<string, string>()): Map<string, string> {
  for (const field of fields) {
    if (/[A-Z]/.test(field.name) && !into.has(field.name)) into.set(field.name, labelOf(field));
    if (field.fields) namedFields(field.fields, into);
    if (field.field) namedFields([field.field], into);
  }
  return into;
}

/** The message with the file's field names replaced by the form's labels. */
export function inFormWords(fields: readonly FieldConfig[], message: string): string {
  const names = namedFields(fields);
  if (names.size === 0) return message;
  const pattern = new RegExp(`\\b(${[...names.keys()].join('|')})\\b(: true)?`, 'g');
  return message.replace(pattern, (_all, name: string, isTrue?: string) => (isTrue ? `“${names.get(name)}” on` : `“${names.get(name)}”`));
}
