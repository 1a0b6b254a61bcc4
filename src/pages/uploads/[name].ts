// The cleaned copy of each upload that something on the site uses, at the address entries name
// (/uploads/<name>); src/lib/content/upload-copy-fs.ts says what "cleaned" means. An upload only a
// held-back release uses is not loaded (src/content.config.ts), so it is not published here either.
import type { APIRoute, GetStaticPaths } from 'astro';
import { cleanedUpload, publishedUploads } from '../../lib/site/site-data.ts';

export const getStaticPaths = (async () => (await publishedUploads()).map((name) => ({ params: { name } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const { bytes, type } = await cleanedUpload(params.name!);
  return new Response(bytes, { headers: { 'Content-Type': type } });
};
