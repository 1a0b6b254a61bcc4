/**
 * Derives Decap CMS fields from the zod schemas in src/schemas/, so a collection's fields, their
 * required-ness, enums and nesting are written once. Editor-facing words (labels, hints, widget
 * choices such as markdown or relation) are layered on top from `FieldOverrides`; a test fails if an
 * override names a field the schema does not have.
 */
import type { CmsField } from 'decap-cms-core';
import type { ZodType } from 'astro/zod';
import { isoDate } from '../src/schemas/shared.ts';

/** Per-field presentation, keyed by dotted path ("hero.alt", "timeline.date"). */
export type FieldOverride = Partial<Record<string, unknown>> & { label?: string; hint?: string; widget?: string; hidden?: boolean };
export type FieldOverrides = Record<string, FieldOverride>;

interface Def {
  type: string;
  innerType?: ZodType;
  defaultValue?: unknown;
  shape?: Record<string, ZodType>;
  element?: ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  in?: ZodType;
  out?: ZodType;
  options?: ZodType[];
}
const defOf = (schema: ZodType) => (schema as unknown as { def: Def }).def;

/** "recipientName" -> "Recipient name"; "registrationUrl" -> "Registration web address". */
export function labelFor(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/\burl\b/g, 'web address');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * An option as the select shows it: "final-event" -> "Final event", "closed" -> "Closed". Values
 * written as names already ("Media advisories", "LinkedIn", Open Badges' "MicroCredential") are shown
 * as they are. Only the label changes: the value stored stays the schema's.
 */
export function optionLabel(value: string): string {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value)) return value;
  // "micro-credential" is one word with a hyphen, not two.
  const words = value.replace(/-/g, ' ').replace(/\bmicro credential/g, 'micro-credential');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Removes optional/default wrappers, reporting whether the field may be left empty and its default. */
function unwrap(schema: ZodType): { inner: ZodType; optional: boolean; defaultValue?: unknown } {
  let inner = schema;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(inner);
    if (def.type === 'optional' || def.type === 'nullable') {
      optional = true;
      inner = def.innerType!;
    } else if (def.type === 'default' || def.type === 'prefault') {
      optional = true;
      defaultValue = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
      inner = def.innerType!;
    } else {
      return { inner, optional, ...(defaultValue !== undefined ? { defaultValue } : {}) };
    }
  }
}

/**
 * Calendar-day fields are stored as YYYY-MM-DD text and their "Today" is Kingston's day, whatever the
 * editor's time zone (cms/widgets/kingston-date.ts; Decap's datetime widget knows only local or UTC).
 */
const DATE_FIELD = { widget: 'kingston-date' };

function widgetFor(schema: ZodType, path: string, overrides: FieldOverrides, optionalParent = false): Record<string, unknown> {
  if (schema === isoDate) return { ...DATE_FIELD };
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return { widget: 'string' };
    case 'number': {
      const format = (schema as unknown as { _zod: { bag: { format?: string } } })._zod.bag.format;
      return { widget: 'number', value_type: format === 'safeint' || format === 'int32' ? 'int' : 'float' };
    }
    case 'boolean':
      return { widget: 'boolean' };
    case 'enum':
      return { widget: 'select', options: Object.values(def.entries ?? {}).map((value) => ({ label: optionLabel(value), value })) };
    case 'literal':
      return { widget: 'hidden', default: def.values?.[0] };
    case 'object':
      return { widget: 'object', fields: fieldsOf(schema, overrides, path, optionalParent) };
    case 'array': {
      const element = unwrap(def.element!).inner;
      if (defOf(element).type === 'object') return { widget: 'list', fields: fieldsOf(element, overrides, path) };
      const item = widgetFor(element, path, overrides);
      // Collapsed items show their text, not the list's label on every line.
      return { widget: 'list', summary: '{{fields.item}}', field: { name: 'item', label: overrides[path]?.label ?? labelFor(path.split('.').pop()!), ...item } };
    }
    case 'pipe':
      // Text that is trimmed, checked or transformed is still edited as text.
      return widgetFor(def.in!, path, overrides);
    case 'union':
      return widgetFor(def.options![0]!, path, overrides);
    default:
      throw new Error(`cms/fields.ts cannot derive a Decap widget for ${path} (zod type "${def.type}"). Add an override with a widget.`);
  }
}

/**
 * The Decap fields of an object schema, in schema order. Inside an optional object every field is
 * optional for Decap, which would otherwise demand them even when the whole object is left empty;
 * the pre-save check (cms/validate.ts) still applies the schema's rule once any of them is filled.
 */
export function fieldsOf(schema: ZodType, overrides: FieldOverrides, prefix = '', optionalParent = false): CmsField[] {
  const { inner } = unwrap(schema);
  const shape = defOf(inner).shape;
  if (!shape) throw new Error(`cms/fields.ts: ${prefix || 'the schema'} is not an object schema.`);
  const fields: CmsField[] = [];
  for (const [name, field] of Object.entries(shape)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const override = overrides[path] ?? {};
    if (override.hidden) continue;
    const { inner: fieldInner, optional, defaultValue } = unwrap(field);
    const { hidden: _hidden, ...presentation } = override;
    fields.push({
      name,
      label: labelFor(name),
      ...(optional || optionalParent ? { required: false } : {}),
      // Needed once the optional object around it is filled (alt text with a photo): Decap must not
      // demand it on its own, but the form must not call it optional either (cms/needed-labels.ts).
      ...(optionalParent && !optional ? { needed_with_parent: true } : {}),
      ...widgetFor(fieldInner, path, overrides, optional && defOf(fieldInner).type === 'object'),
      ...(defaultValue !== undefined && !(Array.isArray(defaultValue) && defaultValue.length === 0) ? { default: defaultValue } : {}),
      ...presentation,
    } as CmsField);
  }
  return fields;
}

/** Every dotted field path a schema defines, for checking overrides and drift. */
export function fieldPaths(schema: ZodType, prefix = ''): string[] {
  const { inner } = unwrap(schema);
  const shape = defOf(inner).shape ?? {};
  return Object.entries(shape).flatMap(([name, field]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const fieldInner = unwrap(field).inner;
    const def = defOf(fieldInner);
    const nested = def.type === 'object' ? fieldInner : def.type === 'array' && defOf(unwrap(def.element!).inner).type === 'object' ? unwrap(def.element!).inner : undefined;
    return [path, ...(nested ? fieldPaths(nested, path) : [])];
  });
}
