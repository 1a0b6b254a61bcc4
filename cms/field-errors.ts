/**
 * A save Decap refuses for a missing or invalid field (its own required and pattern checks) shows a
 * toast and marks the field, which may be far down a long form. After a save attempt that left
 * field errors, this scrolls the first of them (in form order) into view and puts the cursor in it.
 *
 * Decap validates in the click handler of its save buttons, before any request, and keeps the
 * errors in the store by field id (entryDraft.fieldsErrors, keyed by the id its label points at):
 * so a capture-phase click listener notes the attempt and looks once the handler has run.
 */
import { store } from 'decap-cms-core/dist/esm/redux/index.js';

/**
 * The buttons and menu items that save in Decap 3 (simple and editorial workflow). Not the
 * "Publish" button that only opens the menu: moving the cursor then would close the menu.
 */
const SAVE_ACTIONS = /^(Publish now|Publish and create new|Publish and duplicate|Save)$/;

const CONTROLS = 'input:not([type="hidden"]), textarea, select, [contenteditable="true"], button';
const CONTAINER = '[class*="ControlContainer"]';

/** The element Decap gave a field's id (its input), or the label that points at it. */
function elementOf(id: string): HTMLElement | null {
  return document.getElementById(id) ?? document.querySelector<HTMLElement>(`label[for="${CSS.escape(id)}"]`);
}

/** Of the fields with errors, the first in the form; undefined when there are none on the page. */
export function firstInvalid(ids: readonly string[]): HTMLElement | undefined {
  const found = ids.map(elementOf).filter((el): el is HTMLElement => el !== null);
  found.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  return found[0];
}

/** Scrolls the field into the middle of the view and moves the cursor into it. */
export function bringIntoView(element: HTMLElement) {
  // A field inside a collapsed list item is not shown: its nearest shown block stands for it.
  let target: HTMLElement | null = element;
  while (target && !target.checkVisibility()) target = target.parentElement?.closest<HTMLElement>(CONTAINER) ?? null;
  const block = target ?? element;
  block.scrollIntoView({ block: 'center' });
  const control = block.matches(CONTROLS) ? block : (block.closest<HTMLElement>(CONTAINER) ?? block).querySelector<HTMLElement>(CONTROLS);
  (control ?? block).focus({ preventScroll: true });
}

export function focusInvalidFieldsOnSave() {
  document.addEventListener(
    'click',
    (event) => {
      const action = (event.target as Element | null)?.closest('button, [role="menuitem"], [role="button"]');
      if (!action || !SAVE_ACTIONS.test((action.textContent ?? '').trim())) return;
      // Decap's handler runs after this listener; its validation updates the store synchronously.
      setTimeout(() => {
        const errors = (store.getState().entryDraft.get('fieldsErrors') as DecapMap | undefined)?.toJS() as Record<string, unknown[]> | undefined;
        const ids = Object.entries(errors ?? {}).filter(([, list]) => list.length > 0).map(([id]) => id);
        const first = firstInvalid(ids);
        if (first) bringIntoView(first);
      }, 0);
    },
    true,
  );
}
