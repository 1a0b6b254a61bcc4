/**
 * Decap widget for an award's recipient: the editor types an email address, the browser normalises
 * it, adds a fresh random salt and hashes it with WebCrypto, and only the Open Badges 3.0
 * IdentityObject (sha256$… and the salt) is stored. The address itself is never in the entry.
 *
 * Only a complete address is ever hashed into the entry. While the text is incomplete, or once it
 * is cleared, the entry keeps what it had when the form opened (nothing, for a new award), and an
 * incomplete address stops the save with a message at the field (Decap's isValid).
 */
import { Component, createElement as h } from 'react';
import type { Identity } from '../../src/schemas/award.ts';
import { normaliseEmail } from '../../src/schemas/email.ts';

interface ControlProps {
  forID: string;
  value: unknown;
  onChange: (value: unknown) => void;
  classNameWrapper: string;
  setActiveStyle: () => void;
  setInactiveStyle: () => void;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const hex = (bytes: ArrayBuffer | Uint8Array) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The same normalisation and hash as the import tool (src/lib/awards/award-import.ts) and the verifier. */
export async function identityFor(email: string, salt = hex(crypto.getRandomValues(new Uint8Array(16)))): Promise<Identity> {
  const normalised = normaliseEmail(email);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalised + salt));
  return { type: 'IdentityObject', hashed: true, identityType: 'emailAddress', identityHash: `sha256$${hex(digest)}`, salt };
}

function current(value: unknown): Identity[] {
  const plain = (value as { toJS?: () => unknown })?.toJS?.() ?? value;
  return Array.isArray(plain) ? (plain as Identity[]) : [];
}

type State = { email: string; hashing: boolean };

export class HashedEmailControl extends Component<ControlProps, State> {
  /** The recipient as stored (when the form opened, or as last saved): kept unless a complete new address replaces it. */
  private original: unknown;
  /** What this widget last handed to Decap, to tell its own changes from a save or a reload. */
  private emitted: unknown;
  override state: State = { email: '', hashing: false };

  constructor(props: ControlProps) {
    super(props);
    this.original = props.value;
  }

  override componentDidUpdate(previous: ControlProps) {
    // A value this widget did not emit is the stored one now (the entry was saved or reloaded).
    if (this.props.value !== previous.value && this.props.value !== this.emitted) {
      this.original = this.props.value;
      if (this.state.email) this.setState({ email: '' });
    }
  }

  /** Decap asks before saving; an incomplete or missing address is an error at this field. */
  isValid = () => {
    const address = this.state.email.trim();
    const stored = current(this.original).length > 0;
    if (address && !EMAIL.test(address)) {
      return { error: { type: 'CUSTOM', message: `“${address}” is not a complete email address. Finish typing it${stored ? ', or clear the field to keep the recipient stored before' : ''}.` } };
    }
    if (this.state.hashing) return { error: { type: 'CUSTOM', message: 'The email address is still being hashed. Try again in a moment.' } };
    if (!address && !stored) return { error: { type: 'CUSTOM', message: 'Type the recipient’s email address.' } };
    return true;
  };

  private emit(value: unknown) {
    this.emitted = value;
    this.props.onChange(value);
  }

  private readonly type = (email: string) => {
    this.setState({ email });
    const address = email.trim();
    if (!address || !EMAIL.test(address)) {
      // Never the hash of a partial address: back to what is stored (nothing, for a new award).
      this.emit(this.original);
      this.setState({ hashing: false });
      return;
    }
    this.setState({ hashing: true });
    void identityFor(address).then((identity) => {
      if (this.state.email.trim() !== address) return;
      this.emit([identity]);
      this.setState({ hashing: false });
    });
  };

  private message(): string {
    const address = this.state.email.trim();
    const stored = current(this.original);
    if (address && !EMAIL.test(address)) return `That is not a complete email address yet.${stored.length ? ' The recipient stored before is kept until it is.' : ''}`;
    if (address && this.state.hashing) return 'Hashing…';
    if (address) return 'Hashed. Only the hash and its salt will be saved, not the address.';
    return stored.length ? `Stored: ${stored[0]!.identityHash.slice(0, 19)}… (hash of the address; the address is not kept)` : 'No recipient yet.';
  }

  override render() {
    const stored = current(this.original);
    return h(
      'div',
      { className: this.props.classNameWrapper },
      h('input', {
        id: this.props.forID,
        type: 'email',
        autoComplete: 'off',
        value: this.state.email,
        placeholder: stored.length ? 'Type an address to replace the stored one' : 'name@example.org',
        'aria-describedby': `${this.props.forID}-status`,
        onChange: (event: { target: { value: string } }) => this.type(event.target.value),
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
        style: { width: '100%', border: 0, outline: 'none', font: 'inherit', background: 'transparent' },
      }),
      h('p', { id: `${this.props.forID}-status`, role: 'status', style: { margin: '0.5em 0 0', fontSize: '0.9em' } }, this.message()),
    );
  }
}

export function HashedEmailPreview(props: { value: unknown }) {
  const stored = current(props.value);
  return h('p', null, stored.length ? 'Recipient: identified by a hashed email address.' : 'Recipient: not set.');
}
