/**
 * What the media library accepts: the photo types the site publishes (src/lib/content/photo-types.ts),
 * nothing else. Decap's image picker offers any image (SVG included, which can carry script) and
 * trusts the file's name; this narrows the file dialog, reads each chosen file's first bytes, and
 * refuses anything that is not the photo its name says before Decap uploads it. The build refuses the
 * same files in content/uploads/ (src/lib/content/public-files-fs.ts), whoever committed them.
 */
import { HEAD_BYTES, PHOTO_TYPE_NAMES, PHOTO_TYPES, photoTypeOfBytes, photoTypeOfEnding } from '../src/lib/content/photo-types.ts';
import { showProblems } from './problem-panel.ts';

export const MAX_UPLOAD_BYTES = 10_000_000;
const ACCEPT = PHOTO_TYPES.flatMap((type) => [type.mime, ...type.endings.map((e) => `.${e}`)]).join(',');

/** Why a file cannot be uploaded, judged by its name, size and first bytes; undefined when it can. */
export function uploadProblem(file: { name: string; size: number }, head: Uint8Array): string | undefined {
  const ending = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : '';
  if (ending === 'svg' || ending === 'svgz') return `“${file.name}” is an SVG drawing, which can carry script. Export it as PNG and upload that.`;
  const type = photoTypeOfEnding(ending);
  if (!type) return `“${file.name}” is not a photo the site can show. Upload a ${PHOTO_TYPE_NAMES} file.`;
  if (!type.matches(head)) {
    const actually = photoTypeOfBytes(head);
    return actually
      ? `“${file.name}” is named .${ending} but is really a ${actually.name} file. Rename it to .${actually.endings[0]} and upload it again.`
      : `“${file.name}” is named .${ending} but is not a ${type.name} picture. Open it in a photo editor, save it as ${type.name}, and upload that.`;
  }
  if (file.size > MAX_UPLOAD_BYTES) return `“${file.name}” is ${(file.size / 1e6).toFixed(1)} MB. Make it smaller than ${MAX_UPLOAD_BYTES / 1e6} MB (for example 2000 pixels wide) and upload it again.`;
  return undefined;
}

const headOf = async (file: File) => new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());

export function guardUploads() {
  const narrow = (root: ParentNode) => {
    for (const input of root.querySelectorAll<HTMLInputElement>('input[type="file"]')) if (input.accept !== ACCEPT) input.accept = ACCEPT;
  };
  new MutationObserver(() => narrow(document)).observe(document.body, { childList: true, subtree: true });
  /** Events this guard sends on itself once the files passed. */
  const passed = new WeakSet<Event>();
  // Capture phase: runs before React's handlers. Reading the bytes takes a moment, so the event is
  // held back, and sent again only when every file is a photo.
  const hold = (event: Event, files: FileList | null | undefined, resend: (files: File[]) => Event) => {
    if (passed.has(event) || !files || files.length === 0) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    const list = [...files];
    void Promise.all(list.map(async (file) => uploadProblem(file, await headOf(file)))).then((found) => {
      const problems = found.filter((p): p is string => p !== undefined);
      if (problems.length > 0) {
        if (event.target instanceof HTMLInputElement) event.target.value = '';
        showProblems(problems.map((message) => ({ trail: [], message })), 'Not uploaded');
        return;
      }
      const again = resend(list);
      passed.add(again);
      event.target?.dispatchEvent(again);
    });
  };
  document.addEventListener('change', (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.type === 'file') hold(event, input.files, () => new Event('change', { bubbles: true }));
  }, true);
  document.addEventListener('drop', (event) => {
    // A drop's own DataTransfer is emptied once the event is over: the files go into a new one.
    hold(event, event.dataTransfer?.files, (files) => {
      const data = new DataTransfer();
      for (const file of files) data.items.add(file);
      return new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data });
    });
  }, true);
}
