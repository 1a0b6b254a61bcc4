/**
 * Fields the schema requires inside an optional object (a photo's alt text, a source's name) are
 * optional to Decap, which would otherwise demand them when the whole object is left empty; so
 * Decap labels them "(optional)", which is wrong once the object is filled. This removes that word from
 * exactly those fields (cms/fields.ts marks them `needed_with_parent`); their hints say when they are
 * needed, and the pre-save check holds them to the schema.
 *
 * Decap names each field's label by its field: `for="<name>-field-<n>"`. A field is told apart from
 * another of the same name by the field around it (hero's alt, not a list's), read the same way.
 */
import type { CmsCollection } from 'decap-cms-core';

interface MarkedField {
  name: string;
  needed_with_parent?: boolean;
  fields?: MarkedField[];
  field?: MarkedField;
}

/** "parent/child" for every field needed with its parent object, in every collection. */
export function neededPairs(collections: readonly CmsCollection[]): Set<string> {
  const pairs = new Set<string>();
  const walk = (fields: readonly MarkedField[], parent: string) => {
    for (const field of fields) {
      if (field.needed_with_parent) pairs.add(`${parent}/${field.name}`);
      if (field.fields) walk(field.fields, field.name);
    }
  };
  for (const collection of collections) {
    walk((collection.fields ?? []) as unknown as MarkedField[], '');
    for (const file of collection.files ?? []) walk(file.fields as unknown as MarkedField[], '');
  }
  return pairs;
}

const CONTAINER = '[class*="ControlContainer"]';
const fieldName = (label: Element | null | undefined) => /^(.*)-field-\d+$/.exec(label?.getAttribute('for') ?? '')?.[1];

function hideOptional(pairs: ReadonlySet<string>) {
  for (const label of document.querySelectorAll('label[for]')) {
    const word = [...label.children].find((child) => child.tagName === 'SPAN' && /^\s*\(optional\)\s*$/.test(child.textContent ?? ''));
    if (!word) continue;
    const parent = label.closest(CONTAINER)?.parentElement?.closest(CONTAINER)?.querySelector('label[for]');
    // Emptied, not removed: React owns the word's element and would fail to update one taken out
    // of the page; its text never changes, so React does not write it again.
    if (pairs.has(`${fieldName(parent) ?? ''}/${fieldName(label) ?? ''}`)) word.textContent = '';
  }
}

export function hideOptionalOnNeededFields(collections: readonly CmsCollection[]) {
  const pairs = neededPairs(collections);
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      hideOptional(pairs);
    });
  }).observe(document.body, { childList: true, subtree: true });
}
