/**
 * Thumbnails and previews of pictures under /uploads/ that the public site does not serve yet.
 *
 * Entries store the path the built site uses (/uploads/photo.jpg, config public_folder). Decap
 * 3.19 treats every path that starts with "/" as a web address (decap-cms-lib-util isAbsolutePath;
 * decaporg/decap-cms#7639), so it loads /uploads/photo.jpg from the site instead of using the file
 * just uploaded, or the one committed in the repository but not yet deployed: the thumbnail and the
 * preview show a broken image. This points each such site path at the repository's copy, read
 * through the backend (or the upload waiting to be saved with the entry).
 */
import { addAsset, loadAsset } from 'decap-cms-core/dist/esm/actions/media.js';
import { store } from 'decap-cms-core/dist/esm/redux/index.js';
import { createAssetProxy } from 'decap-cms-core/dist/esm/valueObjects/AssetProxy.js';

export function servePublicPathsFromRepository(publicFolder: string, mediaFolder: string) {
  const requested = new Set<string>();
  store.subscribe(() => {
    const medias = store.getState().medias;
    for (const [sitePath, media] of Object.entries(medias)) {
      // Only the paths Decap took for web addresses: their asset's URL is the path itself.
      if (!sitePath.startsWith(`${publicFolder}/`) || media.asset?.url !== sitePath) continue;
      const repoPath = `${mediaFolder}${sitePath.slice(publicFolder.length)}`;
      const copy = medias[repoPath];
      if (copy?.asset && copy.asset.url !== sitePath) {
        store.dispatch(addAsset(createAssetProxy({ path: sitePath, url: copy.asset.url })));
      } else if (!copy && !requested.has(repoPath)) {
        requested.add(repoPath);
        store.dispatch(loadAsset(repoPath));
      }
    }
  });
}
