/**
 * A loader that keeps only the entries on the site now. Astro imports the images an entry uses as
 * soon as the entry is in its data store, and every imported image is written to dist/, so a
 * release held back by `draft` or `publishAt` must never be stored at all: filtering it out later
 * (in getCollection) would still publish its photo. The content check (check-fs.ts) reads the
 * files itself, so held-back entries are still checked.
 */
import type { Loader, LoaderContext } from 'astro/loaders';

type Store = LoaderContext['store'];

export function publishedOnly(inner: Loader, isShown: (data: Record<string, unknown>) => boolean): Loader {
  return {
    name: `${inner.name}-published-only`,
    load: async (context) => {
      const store = context.store;
      const set: Store['set'] = (entry) => {
        if (isShown(entry.data)) return store.set(entry);
        store.delete(entry.id);
        return false;
      };
      // Everything but `set` is the real store's; the loader's file watcher (astro dev) keeps this one.
      const shown = new Proxy(store, {
        get: (target, key) => {
          if (key === 'set') return set;
          const value: unknown = Reflect.get(target, key, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      await inner.load({ ...context, store: shown });
      // Entries kept from an earlier build whose file did not change (a release whose time, as of
      // this build's clock, has not come): the loader skips them, so look again here.
      for (const [id, entry] of store.entries()) if (!isShown(entry.data)) store.delete(id);
    },
  };
}
