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

/** The control containers of the fields named: the leaf label inside the top-level field's block, when both are visible. */
function fieldsFor(trail: readonly string[]): HTMLElement[] {
  const names = trail.filter((part) => !/^item \d+$/.test(part));
  const labels = [...document.querySelectorAll('label')];
  const top = labels.find((label) => labelText(label) === names[0]);
  const leaf = names.at(-1);
  const scope = top ? containerOf(top) : document;
  const inner = names.length > 1 ? [...scope.querySelectorAll('label')].filter((label) => labelText(label) === leaf && label.checkVisibility()) : [];
  return (inner.length > 0 ? inner : top ? [top] : []).map(containerOf);
}

function unmark() {
  for (const element of document.querySelectorAll(`[${MARK}]`)) {
    element.removeAttribute(MARK);
    (element as HTMLElement).style.outline = '';
    for (const control of element.querySelectorAll('[aria-invalid="true"]')) control.removeAttribute('aria-invalid');
  }
}

function mark(trail: readonly string[]) {
  for (const container of fieldsFor(trail)) {
    container.setAttribute(MARK, '');
    container.style.outline = '3px solid #b00020';
    container.style.outlineOffset = '2px';
    for (const control of container.querySelectorAll('input, textarea, select, [contenteditable="true"]')) control.setAttribute('aria-invalid', 'true');
  }
}

export function clearProblems() {
  document.getElementById(PANEL_ID)?.remove();
  unmark();
}

/** Shows the panel (replacing an earlier one) and marks the fields. */
export function showProblems(problems: readonly PanelProblem[], heading = 'Not saved: fix these fields first') {
  clearProblems();
  const panel = document.createElement('section');
  panel.id = PANEL_ID;
  panel.setAttribute('role', 'alert');
  panel.setAttribute('aria-labelledby', `${PANEL_ID}-title`);
  Object.assign(panel.style, {
    position: 'fixed',
    right: '1rem',
    bottom: '1rem',
    // Above Decap's dialogs (the media library), so an upload refusal can be read and dismissed there too.
    zIndex: '2147483647',
    maxWidth: '34rem',
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
    list.append(item);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = 'Dismiss';
  close.addEventListener('click', clearProblems);
  Object.assign(close.style, { font: 'inherit', padding: '.3rem .9rem', cursor: 'pointer' });
  panel.append(title, list, close);
  document.body.append(panel);
  for (const problem of problems) mark(problem.trail);
}

/** The panel belongs to one entry: opening another (a route change) clears it. */
export function clearProblemsOnNavigation() {
  addEventListener('hashchange', clearProblems);
}
