/**
 * Pages that must never run inside another site's frame: the verifiers (/verify/, every credential
 * page, /verify/offline.html) and the staff CMS (/admin/). Hosts that read _headers send
 * `frame-ancestors 'none'` (src/lib/security/policies.ts) and the browser refuses the frame; GitHub Pages sends
 * no headers, and a <meta> policy cannot carry frame-ancestors, so there the page itself must refuse.
 * A framing page could otherwise cover a verdict with its own words, or trick an editor into clicks.
 *
 * The refusal is written in the page, not in script: a <template> (inert, never shown) holding a
 * `[data-framed]` note whose link the script points at this very address, to open it in its own tab.
 * Only the address is set, as an attribute through the DOM, never as HTML.
 *
 * Browser code. The verify page writes the same few lines out in src/components/verify/verify-entry.ts
 * instead of importing them: every byte before its verdict counts against its 15 KB budget, and a call
 * into a shared function costs more than the lines themselves.
 */

/** True inside any frame (comparing window proxies works across origins; only reading them would throw). */
export const isFramed = (): boolean => top !== self;

/** Replaces what `container` holds with the refusal of its <template>, linked to this address. */
export function refuseInFrame(container: HTMLElement): void {
  const note = container.querySelector('template')!.content;
  note.querySelector('a')!.href = location.href;
  container.replaceChildren(note);
}
