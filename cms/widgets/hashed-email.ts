/**
 * Decap widget for an award's recipient: the editor types an email address, the browser normalises
 * it, adds a fresh random salt and hashes it with WebCrypto, and only the Open Badges 3.0
 * IdentityObject (sha256$… and the salt) is stored. The address itself is never in the entry.
 */
import { createElement as h, useEffect, useState } from 'react';
import type { Identity } from '../../src/schemas/award.ts';
import { normaliseEmail } from '../../src/schemas/email.ts';

interface ControlProps {
  forID: string;
  value: unknown;
  onChange: (value: Identity[]) => void;
  classNameWrapper: string;
  setActiveStyle: () => void;
  setInactiveStyle: () => void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const hex = (bytes: ArrayBuffer | Uint8Array) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The same normalisation and hash as the import tool (src/lib/issue/award-import.ts) and the verifier. */
export async function identityFor(email: string, salt = hex(crypto.getRandomValues(new Uint8Array(16)))): Promise<Identity> {
  const normalised = normaliseEmail(email);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalised + salt));
  return { type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: `sha256$${hex(digest)}`, salt };
}

function current(value: unknown): Identity[] {
  const plain = (value as { toJS?: () => unknown })?.toJS?.() ?? value;
  return Array.isArray(plain) ? (plain as Identity[]) : [];
}

export function HashedEmailControl(props: ControlProps) {
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState('');
  const stored = current(props.value);

  useEffect(() => {
    const address = email.trim();
    if (!address) return setMessage('');
    if (!EMAIL.test(address)) return setMessage('That is not a complete email address yet.');
    let cancelled = false;
    void identityFor(address).then((identity) => {
      if (cancelled) return;
      props.onChange([identity]);
      setMessage('Hashed. Only the hash and its salt will be saved, not the address.');
    });
    return () => {
      cancelled = true;
    };
  }, [email]);

  return h(
    'div',
    { className: props.classNameWrapper },
    h('input', {
      id: props.forID,
      type: 'email',
      autoComplete: 'off',
      value: email,
      placeholder: stored.length ? 'Type an address to replace the stored one' : 'name@example.org',
      onChange: (event: { target: { value: string } }) => setEmail(event.target.value),
      onFocus: props.setActiveStyle,
      onBlur: props.setInactiveStyle,
      style: { width: '100%', border: 0, outline: 'none', font: 'inherit', background: 'transparent' },
    }),
    h('p', { role: 'status', style: { margin: '0.5em 0 0', fontSize: '0.9em' } }, message || (stored.length ? `Stored: ${stored[0]!.identityHash.slice(0, 19)}… (hash of the address; the address is not kept)` : 'No recipient yet.')),
  );
}

export function HashedEmailPreview(props: { value: unknown }) {
  const stored = current(props.value);
  return h('p', null, stored.length ? 'Recipient: identified by a hashed email address.' : 'Recipient: not set.');
}
