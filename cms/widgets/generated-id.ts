/**
 * Decap widget for values made once and never edited: a credential's UUID, its recipient's
 * urn:uuid subject id, and its status-list slot (a random free one, widgets/status-slot.ts).
 * Generated when a new award is opened.
 */
import { createElement as h, useEffect, useState } from 'react';
import { badgeUrls } from '../../src/lib/ob3/urls.ts';
import { freeSlot, randomUint32 } from './free-slot.ts';
import { takenSlots } from './status-slot.ts';

interface ControlProps {
  forID: string;
  value: unknown;
  field: { get: (key: string) => unknown };
  /** The entry being edited (Decap's Immutable map): newRecord until it is first saved. */
  entry?: { get: (key: string) => unknown };
  onChange: (value: string | number) => void;
  classNameWrapper: string;
}

async function generate(kind: string): Promise<string | number> {
  if (kind === 'status-index') {
    const slot = freeSlot(await takenSlots(), randomUint32);
    if (slot === undefined) throw new Error('Every status list slot is taken. Ask the developers to add a second status list before awarding more.');
    return slot;
  }
  const uuid = crypto.randomUUID();
  return kind === 'urn-uuid' ? `urn:uuid:${uuid}` : uuid;
}

export function GeneratedIdControl(props: ControlProps) {
  const kind = String(props.field.get('kind') ?? 'uuid');
  const empty = props.value === undefined || props.value === null || props.value === '';
  const [problem, setProblem] = useState('');
  /** Set once this form made the value: a new award, whose slot may still be chosen again. */
  const [madeHere, setMadeHere] = useState(false);
  const [again, setAgain] = useState(0);
  useEffect(() => {
    if (!empty && again === 0) return;
    let cancelled = false;
    setProblem('');
    generate(kind).then(
      (value) => {
        if (cancelled) return;
        setMadeHere(true);
        props.onChange(value);
      },
      (error: unknown) => !cancelled && setProblem(`Could not choose a value: ${error instanceof Error ? error.message : String(error)}`),
    );
    return () => {
      cancelled = true;
    };
  }, [empty, again]);
  return h(
    'div',
    { className: props.classNameWrapper },
    h('input', {
      id: props.forID,
      readOnly: true,
      value: empty ? '' : String(props.value),
      placeholder: kind === 'status-index' ? 'Choosing a free slot…' : 'Generating…',
      'aria-readonly': true,
      style: { width: '100%', border: 0, outline: 'none', font: 'inherit', background: 'transparent' },
    }),
    // If another award took this slot before this one is saved, the save is refused; a new slot can be chosen here.
    kind === 'status-index' && madeHere
      ? h('button', { type: 'button', onClick: () => setAgain((n) => n + 1), style: { marginTop: '0.5em', font: 'inherit' } }, 'Choose another free slot')
      : null,
    problem ? h('p', { role: 'alert', style: { margin: '0.5em 0 0', color: '#b00020' } }, problem) : null,
    props.field.get('show_page') && !empty && !props.entry?.get('newRecord') ? credentialPageLink(String(props.value)) : null,
  );
}

/** A saved award's page, to send to the earner: the link and a Copy button. */
function credentialPageLink(id: string) {
  const url = badgeUrls(location.origin).credentialPage(id);
  return h(
    'p',
    { style: { margin: '0.5em 0 0' } },
    'Credential page (send this link to the earner): ',
    h('a', { href: url, target: '_blank', rel: 'noopener' }, url),
    ' ',
    h('button', { type: 'button', onClick: () => void navigator.clipboard?.writeText(url), style: { font: 'inherit' } }, 'Copy link'),
  );
}
