/**
 * Pages that must never run inside another site's frame: the verifiers (/verify/, every credential
 * page, /verify/offline.html) and the staff CMS (/admin/). Hosts that read _headers send
 * `frame-ancestors 'none'` (src/lib/security.ts) and the browser refuses the frame; GitHub Pages sends
 * no headers, and a <meta> policy cannot carry frame-ancestors, so there the page itself must refuse.
 * A framing page could otherwise cover a verdict with its own words, or trick an editor into clicks.
 *
 * Browser code, tiny on purpose: the verify page imports it ahead of the verifier and its byte budget
 * counts it. No Node modules (it is held to the browser boundary, src/lib/README.md).
 */

/** True inside any frame. Comparing window proxies works across origins; only reading them would throw. */
export function isFramed(win: Window = window): boolean {
  try {
    return win.top !== win.self;
  } catch {
    return true;
  }
}

/**
 * Replaces what `container` holds with `message` and a link that opens this same address on its own
 * (a new tab, where no other page sits over it). Built with DOM calls, never HTML, so nothing in the
 * address can become markup.
 */
export function refuseFramed(container: HTMLElement, message: string): void {
  const doc = container.ownerDocument;
  const note = doc.createElement('p');
  note.className = 'notice';
  note.setAttribute('data-framed', '');
  note.textContent = `${message} `;
  const link = doc.createElement('a');
  link.href = location.href;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = `Open ${location.href} on its own`;
  note.append(link);
  container.replaceChildren(note);
}
