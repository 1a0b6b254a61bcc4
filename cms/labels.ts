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

/** Every field name with its label (the first one met, for names used at several depths). */
function namedFields(fields: readonly FieldConfig[], into = new Map<string, string>()): Map<string, string> {
  for (const field of fields) {
    if (!into.has(field.name)) into.set(field.name, labelOf(field));
    if (field.fields) namedFields(field.fields, into);
    if (field.field) namedFields([field.field], into);
  }
  return into;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The message with the file's field names replaced by the form's labels: a name written as one word
 * with capitals (endDate) anywhere; any name at the start of the message ("expires (…) must …"); and
 * a switch written as YAML ("set virtual: true", "revoked is not true") as the form's on and off.
 */
export function inFormWords(fields: readonly FieldConfig[], message: string): string {
  const names = namedFields(fields);
  if (names.size === 0) return message;
  const quoted = (name: string) => `“${names.get(name)}”`;
  const alternatives = [...names.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
  return message
    .replace(new RegExp(`\\b(${alternatives}): (true|false)\\b`, 'g'), (_all, name: string, value: string) => `${quoted(name)} ${value === 'true' ? 'on' : 'off'}`)
    .replace(new RegExp(`\\b(${alternatives}) is not true\\b`, 'g'), (_all, name: string) => `${quoted(name)} is off`)
    .replace(new RegExp(`^(${alternatives})\\b(?!”)`), (_all, name: string) => quoted(name))
    .replace(new RegExp(`(?<!“)\\b(${alternatives})\\b(?!”)`, 'g'), (name: string) => (/[A-Z]/.test(name) ? quoted(name) : name));
}
