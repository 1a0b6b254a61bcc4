/**
 * Types for the parts of decap-cms-core that the pre-save check and the status-slot widget use
 * from inside the package (they are the same module instances decap-cms-app runs). Only what is
 * used is declared; Decap passes Immutable.js values.
 */
declare module 'decap-cms-core/dist/esm/redux/index.js' {
  export const store: { getState(): DecapState; dispatch(action: unknown): unknown; subscribe(listener: () => void): () => void };
}
declare module 'decap-cms-core/dist/esm/actions/media.js' {
  export function addAsset(asset: DecapAsset): unknown;
  export function loadAsset(resolvedPath: string): unknown;
}
declare module 'decap-cms-core/dist/esm/valueObjects/AssetProxy.js' {
  export function createAssetProxy(init: { path: string; url?: string; file?: File }): DecapAsset;
}
declare module 'decap-cms-core/dist/esm/backend.js' {
  export function currentBackend(config: DecapConfig): DecapBackend;
}
declare module 'decap-cms-core/dist/esm/lib/formatters.js' {
  export function slugFormatter(collection: DecapMap, data: DecapMap, slugConfig: unknown): string;
}
declare module 'decap-cms-core/dist/esm/reducers/collections.js' {
  export function selectEntryPath(collection: DecapMap, slug: string): string;
}

/** An Immutable.js Map as Decap hands it around. */
interface DecapMap {
  get(key: string): unknown;
  getIn(path: (string | number)[]): unknown;
  set(key: string, value: unknown): DecapMap;
  toJS(): unknown;
}
/** Decap 3 keeps the configuration as a plain object, collections as Immutable maps. */
interface DecapConfig {
  slug?: unknown;
  /** False once the configuration is loaded (and the backend can be made from it). */
  isFetching?: boolean;
  backend?: unknown;
  [key: string]: unknown;
}
interface DecapState {
  config: DecapConfig;
  collections: DecapMap;
  /** The entry being edited: `entry` (its data), `fieldsErrors` (by field id) and more. */
  entryDraft: DecapMap;
  /** Loaded pictures by path: the repository path (content/uploads/x.jpg) or, when Decap took it for a web address, the site path. */
  medias: Record<string, { asset?: DecapAsset; isLoading?: boolean; error?: unknown }>;
}
interface DecapAsset {
  path: string;
  url: string;
}
interface DecapBackend {
  entryToRaw(collection: DecapMap, entry: DecapMap): string;
  /** Every entry of a collection, its text and (parsed by the collection's format) its data. */
  listAllEntries(collection: DecapMap): Promise<{ path: string; slug: string; raw: string; data?: Record<string, unknown> }[]>;
  /** Removes a file of the media folder, by its repository path (content/uploads/x.jpg). */
  deleteMedia(config: DecapConfig, path: string): Promise<unknown>;
  /** The media folder's files, as the media library lists them. */
  getMedia(...args: unknown[]): Promise<{ name?: string; path: string }[]>;
}
