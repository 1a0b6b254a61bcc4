/**
 * Decap widget for dates, and dates with a time, in Kingston time whatever the zone of the editor's
 * computer. Decap 3's datetime widget fills "Now" and `default: '{{now}}'` from the computer's clock
 * in its own zone, or in UTC with `picker_utc` (so a release written after 7 pm in Kingston was
 * dated tomorrow); it has no way to name a zone. This one stores exactly what the schemas read:
 * a calendar day `YYYY-MM-DD` (src/schemas/shared.ts `isoDate`), or with `time: true` a Kingston
 * wall-clock time `YYYY-MM-DDTHH:MM` (`kingstonDateTime`). Its Today / Now button and a new entry's
 * `default: '{{now}}'` take the day and time in Kingston (src/lib/dates/schedule.ts).
 *
 * The browser's own calendar (the native date input) still highlights, and its own "Today" picks,
 * the computer's day; the button beside the field is the Kingston one, and the field's hint says so.
 */
import { createElement as h, useEffect } from 'react';
import { kingstonDay, kingstonWallClock } from '../../src/lib/dates/schedule.ts';

interface ControlProps {
  forID: string;
  value: unknown;
  field: { get: (key: string) => unknown };
  onChange: (value: string) => void;
  classNameWrapper: string;
  setActiveStyle?: () => void;
  setInactiveStyle?: () => void;
  isDisabled?: boolean;
}

/** Decap's placeholder for "when the entry is created", kept so the config reads like Decap's own. */
export const NOW = '{{now}}';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * What the input shows for a stored value, or undefined when it is not a date the field takes.
 * A file may hold a YAML timestamp (a Date, or text with a zone): a calendar day is the day it was
 * written as (UTC midnight, as the schema reads it); a time is shown as Kingston's wall clock.
 */
export function inputValue(value: unknown, withTime: boolean): string | undefined {
  if (value === undefined || value === null || value === '') return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    return withTime ? kingstonWallClock(value) : value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (withTime) {
    if (WALL_CLOCK.test(text)) return text;
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(text)) return text.slice(0, 16);
    return ZONED.test(text) && !Number.isNaN(Date.parse(text)) ? kingstonWallClock(new Date(text)) : undefined;
  }
  return DAY.test(text) ? text : undefined;
}

/** The value for "now": today's date, or the current minute, in Kingston. */
export function kingstonNow(withTime: boolean, instant: Date = new Date()): string {
  return withTime ? kingstonWallClock(instant) : kingstonDay(instant);
}

const buttonStyle = { font: 'inherit', padding: '0.25em 0.75em', cursor: 'pointer' } as const;

export function KingstonDateControl(props: ControlProps) {
  const withTime = props.field.get('time') === true;
  const label = String(props.field.get('label') ?? props.field.get('name'));
  useEffect(() => {
    if (props.value === NOW) props.onChange(kingstonNow(withTime));
  }, [props.value]);
  const shown = props.value === NOW ? '' : inputValue(props.value, withTime);
  return h(
    'div',
    { className: props.classNameWrapper, style: { display: 'flex', flexWrap: 'wrap', gap: '0.75em', alignItems: 'center' } },
    h('input', {
      id: props.forID,
      type: withTime ? 'datetime-local' : 'date',
      value: shown ?? '',
      disabled: props.isDisabled,
      onChange: (event: { target: { value: string } }) => props.onChange(event.target.value),
      onFocus: props.setActiveStyle,
      onBlur: props.setInactiveStyle,
      style: { font: 'inherit' },
    }),
    withTime ? h('span', { style: { color: '#555' } }, 'Kingston time') : null,
    props.isDisabled
      ? null
      : h(
          'button',
          {
            type: 'button',
            style: buttonStyle,
            'aria-label': withTime ? `Set ${label} to now, Kingston time` : `Set ${label} to today's date in Kingston`,
            onClick: () => props.onChange(kingstonNow(withTime)),
          },
          withTime ? 'Now' : 'Today',
        ),
    props.isDisabled ? null : h('button', { type: 'button', style: buttonStyle, 'aria-label': `Clear ${label}`, onClick: () => props.onChange('') }, 'Clear'),
    // The native input cannot show text it does not understand; say what the file holds instead of hiding it.
    shown === undefined
      ? h(
          'p',
          { role: 'alert', style: { flexBasis: '100%', margin: 0, color: '#b00020' } },
          `The file has “${String(props.value)}”, which is not ${withTime ? 'a date and time (YYYY-MM-DDTHH:MM, Kingston time)' : 'a date (YYYY-MM-DD)'}. Choose one here, or press Clear.`,
        )
      : null,
  );
}

/** The list and preview show the stored text as it is: a Kingston day or wall-clock time. */
export function KingstonDatePreview(props: { value: unknown }) {
  const text = props.value instanceof Date ? props.value.toISOString() : String(props.value ?? '');
  return h('span', null, text);
}
