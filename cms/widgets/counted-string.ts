/**
 * A one-line text field with a limit, counted as the editor types: for titles and names that become
 * the entry's file name (a file name has at most 255 bytes, and a release's also holds its date).
 * The limit itself is enforced by the field's `pattern` (Decap's own check, which marks the field
 * and refuses the save); this shows how far the text is from it.
 */
import { Component, createElement as h, type ChangeEvent } from 'react';

interface ControlProps {
  forID: string;
  value: unknown;
  field: { get: (key: string) => unknown };
  onChange: (value: string) => void;
  classNameWrapper: string;
  setActiveStyle: () => void;
  setInactiveStyle: () => void;
}

/** Characters as an editor counts them (an accented letter or an emoji is one). */
export const characters = (text: string) => [...text].length;

/** What the counter says under the field. */
export function countText(text: string, max: number): string {
  const count = characters(text);
  if (count > max) return `${count} characters: ${count - max} too many. Keep it to ${max} or fewer, so it can name the file.`;
  return `${count} of ${max} characters`;
}

/** A `pattern` for the field that refuses more than `max` characters, with the message Decap shows. */
export function lengthPattern(max: number, what: string): [string, string] {
  return [`^[\\s\\S]{0,${max}}$`, `Shorten the ${what} to ${max} characters or fewer: it also names the file, and a longer name cannot be saved.`];
}

/**
 * A class, not a function: Decap validates a field (required, pattern) only once its control's
 * instance has reached it through `ref` (Widget.processInnerControlRef).
 */
export class CountedStringControl extends Component<ControlProps, { text: string }> {
  override state = { text: typeof this.props.value === 'string' ? this.props.value : '' };

  override componentDidUpdate(previous: ControlProps) {
    // A value set from outside (a draft restored, a duplicate) replaces the text kept here.
    const value = typeof this.props.value === 'string' ? this.props.value : '';
    if (previous.value !== this.props.value && value !== this.state.text) this.setState({ text: value });
  }

  /** Decap asks the control too; the length is judged by the field's pattern. */
  isValid = () => true;

  override render() {
    const { forID, classNameWrapper, setActiveStyle, setInactiveStyle, onChange, field } = this.props;
    const max = Number(field.get('max_length'));
    const { text } = this.state;
    const over = characters(text) > max;
    return h(
      'div',
      null,
      h('input', {
        type: 'text',
        id: forID,
        className: classNameWrapper,
        value: text,
        'aria-describedby': `${forID}-count`,
        onChange: (event: ChangeEvent<HTMLInputElement>) => {
          // Kept here as well, so the cursor stays put while Decap stores the value.
          this.setState({ text: event.target.value });
          onChange(event.target.value);
        },
        onFocus: setActiveStyle,
        onBlur: setInactiveStyle,
      }),
      h('p', { id: `${forID}-count`, 'data-mic-count': '', style: { margin: '.35rem 0 0', fontSize: '13px', color: over ? '#b00020' : '#4a5568', fontWeight: over ? 600 : 400 } }, countText(text, max)),
    );
  }
}
