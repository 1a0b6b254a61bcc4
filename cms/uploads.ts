/**
 * What the media library accepts: the photo types the site publishes, nothing else. Decap's image
 * picker offers any image (SVG included, which can carry script); this narrows the file dialog and
 * refuses any other file before Decap uploads it. The build refuses anything else in
 * public/uploads/ as well (src/lib/content/public-files-fs.ts), whoever committed it.
 */
import { showProblems } from './problem-panel.ts';

/** MIME type and the file name endings it may have. */
export const UPLOAD_TYPES: Record<string, readonly string[]> = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/avif': ['avif'],
  'image/gif': ['gif'],
};
export const MAX_UPLOAD_BYTES = 10_000_000;
const ACCEPT = Object.entries(UPLOAD_TYPES).flatMap(([type, endings]) => [type, ...endings.map((e) => `.${e}`)]).join(',');

/** Why a file cannot be uploaded, or undefined when it can. */
export function uploadProblem(file: { name: string; type: string; size: number }): string | undefined {
  const ending = file.name.split('.').pop()?.toLowerCase() ?? '';
  const endings = UPLOAD_TYPES[file.type];
  if (ending === 'svg' || file.type === 'image/svg+xml') return `“${file.name}” is an SVG drawing, which can carry script. Export it as PNG and upload that.`;
  if (!endings || !endings.includes(ending)) return `“${file.name}” is not a photo the site can show. Upload a JPEG, PNG, WebP, AVIF or GIF file.`;
  if (file.size > MAX_UPLOAD_BYTES) return `“${file.name}” is ${(file.size / 1e6).toFixed(1)} MB. Make it smaller than ${MAX_UPLOAD_BYTES / 1e6} MB (for example 2000 pixels wide) and upload it again.`;
  return undefined;
}

export function guardUploads() {
  const narrow = (root: ParentNode) => {
    for (const input of root.querySelectorAll<HTMLInputElement>('input[type="file"]')) if (input.accept !== ACCEPT) input.accept = ACCEPT;
  };
  new MutationObserver(() => narrow(document)).observe(document.body, { childList: true, subtree: true });
  // Capture phase: runs before React's handlers, so a refused file never reaches Decap.
  const refuse = (event: Event, files: FileList | null | undefined) => {
    const problems = [...(files ?? [])].map(uploadProblem).filter((p): p is string => p !== undefined);
    if (problems.length === 0) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    if (event.target instanceof HTMLInputElement) event.target.value = '';
    showProblems(problems.map((message) => ({ trail: [], message })), 'Not uploaded');
  };
  document.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'file') refuse(event, event.target.files);
  }, true);
  document.addEventListener('drop', (event) => refuse(event, event.dataTransfer?.files), true);
}
