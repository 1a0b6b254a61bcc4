/**
 * Decap widget for values made once and never edited: a credential's UUID, its recipient's
 * urn:uuid subject id, and its random status-list slot. Generated when a new award is opened.
 */
import { createElement as h, useEffect } from 'react';

interface ControlProps {
  forID: string;
  value: unknown;
  field: { get: (key: string) => unknown };
  onChange: (value: string | number) => void;
  classNameWrapper: string;
}

/** Entries in a status list (src/schemas/award.ts STATUS_LIST_SIZE). */
const STATUS_LIST_SIZE = 131_072;

export function generate(kind: string): string | number {
  if (kind === 'status-index') return crypto.getRandomValues(new Uint32Array(1))[0]! % STATUS_LIST_SIZE;
  const uuid = crypto.randomUUID();
  return kind === 'urn-uuid' ? `urn:uuid:${uuid}` : uuid;
}

export function GeneratedIdControl(props: ControlProps) {
  const kind = String(props.field.get('kind') ?? 'uuid');
  const empty = props.value === undefined || props.value === null || props.value === '';
  useEffect(() => {
    if (empty) props.onChange(generate(kind));
  }, [empty]);
  return h('input', {
    id: props.forID,
    className: props.classNameWrapper,
    readOnly: true,
    value: empty ? '' : String(props.value),
    'aria-readonly': true,
  });
}
