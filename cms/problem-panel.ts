/**
 * A message that stays until the editor acts on it: the problems that stopped a save, each named by
 * the form's labels, in a panel over the editor (Decap's own toast vanishes after a few seconds).
 * The fields named are outlined and marked aria-invalid, so they can be found in a long form.
 */

export interface PanelProblem {
  /** The labels from the top of the form to the field, e.g. ["Timeline (key dates)", "item 3", "Last day"]. */
  trail: string[];
  message: string;
}

const PANEL_ID = 'mic-save-problems';
const MARK = 'data-mic-invalid';

/** A label's text as the form shows it, without Decap's " (optional)". */
const labelText = (label: Element) => (label.textContent ?? '').replace(/\s*\(optional\)\s*$/i, '').trim();

/** Decap's block around one field: its label bar and its control (and, for lists and objects, the fields inside). */
const containerOf = (label: Element): HTMLElement => (label.closest('[class*="ControlContainer"]') ?? label.parentElement ?? label) as HTMLElement;

const LIST_ITEM = '[class*="listControlItem"]';
const CONTAINER = '[class*="ControlContainer"]';

/** Whether `element` belongs to `scope` itself, not to a field nested inside it. */
const directlyIn = (element: Element, scope: ParentNode) => {
  const owner = element.parentElement?.closest(CONTAINER) ?? null;
  if (scope instanceof Document) return owner === null;
  // A list item is not a field block itself: its fields belong to the list's block.
  return owner === (scope instanceof Element && !scope.matches(CONTAINER) ? scope.closest(CONTAINER) : scope);
};

/**
 * The block of the field a trail names, followed label by label and list item by list item (so
 * item 3's "Last day" is item 3's, not every item's). Where the trail cannot be followed (a
 * collapsed list item), the deepest block reached: the list as a whole.
 */
function fieldFor(trail: readonly string[]): HTMLElement | undefined {
  let scope: ParentNode = document;
  for (const part of trail) {
    const item = /^item (\d+)$/.exec(part);
    const next = item
      ? [...scope.querySelectorAll(LIST_ITEM)].filter((el) => directlyIn(el, scope))[Number(item[1]) - 1]
      : [...scope.querySelectorAll('label')].filter((label) => labelText(label) === part && label.checkVisibility()).map(containerOf).find((el) => directlyIn(el, scope) || scope instanceof Document);
    if (!next) break;
    scope = next;
  }
  return scope instanceof HTMLElement ? scope : undefined;
}

function unmark() {
  for (const element of document.querySelectorAll(`[${MARK}]`)) {
    element.removeAttribute(MARK);
    (element as HTMLElement).style.outline = '';
    for (const control of element.querySelectorAll('[aria-invalid="true"]')) control.removeAttribute('aria-invalid');
  }
}

const CONTROLS = 'input, textarea, select, [contenteditable="true"]';

/** Outlines the field and marks its controls invalid; returns its block, if it is on screen. */
function mark(trail: readonly string[]): HTMLElement | undefined {
  const container = trail.length > 0 ? fieldFor(trail) : undefined;
  if (!container) return undefined;
  container.setAttribute(MARK, '');
  container.style.outline = '3px solid #b00020';
  container.style.outlineOffset = '2px';
  for (const control of container.querySelectorAll(CONTROLS)) if (control.checkVisibility()) control.setAttribute('aria-invalid', 'true');
  return container;
}

/** Where focus was before the panel took it, to go back there when it closes. */
let returnFocus: HTMLElement | undefined;

export function clearProblems() {
  const panel = document.getElementById(PANEL_ID);
  if (!panel) return;
  const hadFocus = panel.contains(document.activeElement);
  panel.remove();
  unmark();
  if (hadFocus && returnFocus?.isConnected) returnFocus.focus();
  returnFocus = undefined;
}

const buttonStyle = { font: 'inherit', padding: '.2rem .7rem', cursor: 'pointer' };

/**
 * Shows the panel (replacing an earlier one), marks the fields, and moves keyboard focus to it so a
 * screen reader reads it and Tab reaches its buttons at once; Escape or Dismiss closes it and focus
 * goes back where it was. Each problem whose field is on screen has a "Go to field" button.
 */
export function showProblems(problems: readonly PanelProblem[], heading = 'Not saved: fix these fields first', options: { takeFocus?: boolean } = {}) {
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  clearProblems();
  returnFocus = previous;
  const panel = document.createElement('section');
  panel.id = PANEL_ID;
  panel.tabIndex = -1;
  panel.setAttribute('role', 'alert');
  panel.setAttribute('aria-labelledby', `${PANEL_ID}-title`);
  Object.assign(panel.style, {
    position: 'fixed',
    right: '1rem',
    bottom: '1rem',
    left: 'auto',
    // Above Decap's dialogs (the media library), so an upload refusal can be read and dismissed there too.
    zIndex: '2147483647',
    maxWidth: 'min(34rem, calc(100vw - 2rem))',
    maxHeight: '60vh',
    overflow: 'auto',
    padding: '1rem 1.25rem',
    background: '#fff',
    color: '#1b1b1b',
    border: '3px solid #b00020',
    borderRadius: '6px',
    boxShadow: '0 4px 16px rgba(0,0,0,.25)',
    font: '15px/1.45 system-ui, sans-serif',
  });
  const title = document.createElement('h2');
  title.id = `${PANEL_ID}-title`;
  title.textContent = heading;
  Object.assign(title.style, { margin: '0 0 .5rem', fontSize: '1.05rem', color: '#b00020' });
  const list = document.createElement('ul');
  Object.assign(list.style, { margin: '0 0 .75rem', paddingLeft: '1.2rem' });
  for (const problem of problems) {
    const item = document.createElement('li');
    if (problem.trail.length > 0) {
      const where = document.createElement('strong');
      where.textContent = problem.trail.join(' › ');
      item.append(where, ': ');
    }
    item.append(problem.message);
    const field = mark(problem.trail);
    if (field) {
      const go = document.createElement('button');
      go.type = 'button';
      go.textContent = 'Go to field';
      go.setAttribute('aria-label', `Go to ${problem.trail.at(-1) ?? 'the field'}`);
      Object.assign(go.style, { ...buttonStyle, marginLeft: '.5rem' });
      go.addEventListener('click', () => {
        field.scrollIntoView({ block: 'center' });
        (field.querySelector<HTMLElement>(CONTROLS) ?? field).focus();
      });
      item.append(' ', go);
    }
    list.append(item);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.addEventListener('click', clearProblems);
  Object.assign(close.style, buttonStyle);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') clearProblems();
  });
  panel.append(title, list, close);
  document.body.append(panel);
  // A warning given while the editor works (not after a save) is read out (role alert) but leaves
  // the cursor where it is.
  if (options.takeFocus !== false) panel.focus();
}

/** The heading of the panel on screen, if any. */
export const panelHeading = () => document.getElementById(`${PANEL_ID}-title`)?.textContent ?? undefined;

/** The panel belongs to one entry: opening another (a route change) clears it. */
export function clearProblemsOnNavigation() {
  addEventListener('hashchange', clearProblems);
}
