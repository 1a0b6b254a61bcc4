/** The HTML files of a built site, for the post-build steps that read every page (search index, module preloads). */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every .html file under `site`, as paths relative to it with "/" separators, leaving out dot-files
 * and whatever `skip` names (a file, or a folder and all it holds).
 */
export async function htmlFiles(site: string, skip: readonly string[], within = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(site, within), { withFileTypes: true })) {
    const relative = `${within}${entry.name}`;
    if (skip.includes(relative) || entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) files.push(...(await htmlFiles(site, skip, `${relative}/`)));
    else if (entry.name.endsWith('.html')) files.push(relative);
  }
  return files;
}
