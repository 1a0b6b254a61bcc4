/**
 * The media library never leaves content pointing at a missing picture, and lists only pictures.
 *
 * Decap's delete (actions/mediaLibrary.js deleteMedia) asks a generic "Are you sure?" and then calls
 * the backend's deleteMedia; a release still showing the photo would then fail every build. The
 * backend instance Decap uses (currentBackend, one per page) gets a deleteMedia that first lists
 * every entry of every collection through the backend, parsed by Decap's own formats, and refuses
 * when any of them uses the file: the panel names each entry and field, and Decap shows its own
 * "Failed to delete media" with the same reason. Replacing a file by uploading one of the same name
 * (Decap deletes the old one first, after asking "… already exists. Do you want to replace it?")
 * leaves nothing dangling and is let through.
 *
 * getMedia drops dot-files (.gitkeep), which keep the uploads folder in Git but are not pictures.
 */
import { currentBackend } from 'decap-cms-core/dist/esm/backend.js';
import { store } from 'decap-cms-core/dist/esm/redux/index.js';
import { entryUses, isHiddenFile, namesOf, refusalText, type EntryUse, type UseField } from './media-use.ts';
import { showProblems } from './problem-panel.ts';

/** Thrown to stop Decap's delete; Decap shows its message as "Failed to delete media: …". */
export class DeleteRefused extends Error {}

async function usesOf(repoPath: string, mediaFolder: string, publicFolder: string): Promise<EntryUse[]> {
  const state = store.getState();
  const backend = currentBackend(state.config);
  const listed: Parameters<typeof entryUses>[0][number][] = [];
  const collections = (state.collections.toJS() ?? {}) as Record<string, { label?: string; identifier_field?: string; fields?: UseField[]; files?: { name: string; fields: UseField[] }[] }>;
  for (const [name, collection] of Object.entries(collections)) {
    const immutable = state.collections.get(name) as DecapMap;
    for (const entry of await backend.listAllEntries(immutable)) {
      const fields = collection.fields ?? collection.files?.find((file) => file.name === entry.slug)?.fields ?? [];
      listed.push({ collectionLabel: collection.label ?? name, identifierField: collection.identifier_field, slug: entry.slug, data: entry.data ?? {}, fields });
    }
  }
  return entryUses(listed, namesOf(repoPath, mediaFolder, publicFolder));
}

export function guardMediaLibrary(mediaFolder: string, publicFolder: string) {
  // Decap's replace-on-upload asks this just before deleting the old file.
  let replacing = false;
  const confirm = window.confirm.bind(window);
  window.confirm = (message?: string) => {
    const answer = confirm(message);
    replacing = answer && /already exists\. Do you want to replace it\?$/.test(String(message ?? ''));
    return answer;
  };

  let wrapped = false;
  const wrap = () => {
    const state = store.getState();
    // The backend is made from the loaded configuration; before that there is nothing to wrap.
    if (wrapped || state.config.isFetching !== false || !state.config.backend) return;
    wrapped = true;
    unsubscribe();
    const backend = currentBackend(state.config);
    const deleteMedia = backend.deleteMedia.bind(backend);
    backend.deleteMedia = async (config, path) => {
      const replace = replacing;
      replacing = false;
      if (!replace) {
        const uses = await usesOf(path, mediaFolder, publicFolder);
        if (uses.length > 0) {
          const fileName = path.split('/').pop() ?? path;
          const message = refusalText(fileName, uses);
          showProblems([{ trail: [], message }], 'Not deleted: this picture is in use');
          throw new DeleteRefused(message);
        }
      }
      return deleteMedia(config, path);
    };
    const getMedia = backend.getMedia.bind(backend);
    backend.getMedia = async (...args) => (await getMedia(...args)).filter((file) => !isHiddenFile(file.name ?? file.path));
  };
  const unsubscribe = store.subscribe(wrap);
  wrap();
}
