/**
 * Turning "Revoked" off on an award whose saved version is revoked says at once that a revocation is
 * final, in the panel, before the editor clears the reason and date (which the save would otherwise
 * ask for first). The saved version is read through the backend and judged as the build judges it
 * (save-check.ts historyProblems, award-version.ts), so the notice and the refusal at save agree.
 */
import { currentBackend } from 'decap-cms-core/dist/esm/backend.js';
import { store } from 'decap-cms-core/dist/esm/redux/index.js';
import { clearProblems, panelHeading, showProblems } from './problem-panel.ts';
import { historyProblems } from './save-check.ts';

export const FINAL_HEADING = 'Revocation is final';

export function noticeUndoneRevocations() {
  /** The award being edited and whether it was revoked at the last look. */
  let last: { path: string; revoked: boolean } | undefined;
  let asked = 0;
  store.subscribe(() => {
    const state = store.getState();
    const entry = state.entryDraft.get('entry') as DecapMap | undefined;
    if (!entry || entry.get('collection') !== 'awards' || entry.get('newRecord')) {
      last = undefined;
      return;
    }
    const path = String(entry.get('path'));
    const revoked = entry.getIn(['data', 'revoked']) === true;
    const before = last;
    last = { path, revoked };
    if (before?.path !== path || before.revoked === revoked) return;
    if (revoked) {
      if (panelHeading() === FINAL_HEADING) clearProblems();
      return;
    }
    const ask = ++asked;
    const collection = state.collections.get('awards') as DecapMap;
    void currentBackend(state.config)
      .listAllEntries(collection)
      .then((files) => {
        // Only the latest switch counts, and only while it is still off.
        if (ask !== asked || last?.path !== path || last.revoked) return;
        const saved = files.find((file) => file.path === path);
        if (!saved) return;
        const data = ((store.getState().entryDraft.getIn(['entry', 'data']) as DecapMap | undefined)?.toJS() ?? {}) as Record<string, unknown>;
        const problems = historyProblems('awards', path, false, data, { raw: new Map([[path, saved.raw]]) });
        if (problems.length > 0) showProblems(problems.map((p) => ({ trail: ['Revoked'], message: p.message })), FINAL_HEADING, { takeFocus: false });
      });
  });
}
