/** The status-list slots taken by the awards the CMS backend has now (free-slot.ts picks among the rest). */
import { parse } from 'yaml';
import { currentBackend } from 'decap-cms-core/dist/esm/backend.js';
import { store } from 'decap-cms-core/dist/esm/redux/index.js';

/** The slots of every award the backend has now (the branch the CMS edits). */
export async function takenSlots(): Promise<Set<number>> {
  const state = store.getState();
  const awards = state.collections.get('awards') as DecapMap | undefined;
  if (!awards) throw new Error('The CMS has no awards collection.');
  const taken = new Set<number>();
  for (const file of await currentBackend(state.config).listAllEntries(awards)) {
    let data: unknown;
    try {
      data = parse(file.raw);
    } catch {
      continue; // the build reports a broken file; its slot, if any, is unreadable here too
    }
    const slot = (data as { statusIndex?: unknown } | null)?.statusIndex;
    if (typeof slot === 'number') taken.add(slot);
  }
  return taken;
}
