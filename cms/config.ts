/**
 * The Decap CMS configuration, written in TypeScript and passed to CMS.init() (no config.yml).
 * The backend is chosen by build-time variables (see README, "Editing in the browser"):
 * local (decap-server) for development and tests; GitHub through an OAuth client, or GitLab / Gitea
 * with PKCE, with the editorial workflow, for production.
 */
import type { CmsConfig } from 'decap-cms-core';
import { cmsCollections } from './collections.ts';
import { UPLOADS_FOLDER, UPLOADS_PATH } from '../src/lib/content/uploads.ts';
import { MAX_UPLOAD_BYTES } from './uploads.ts';

export interface CmsEnv {
  /** local | github | gitlab | gitea */
  backend?: string | undefined;
  /** owner/name of the repository (github, gitlab, gitea). */
  repo?: string | undefined;
  branch?: string | undefined;
  /** GitHub: the external OAuth client's origin and path. */
  baseUrl?: string | undefined;
  authEndpoint?: string | undefined;
  /** GitLab / Gitea: the OAuth application id (PKCE, no server). */
  appId?: string | undefined;
  /** GitLab / Gitea: API root of a self-hosted instance, e.g. https://gitea.example.org/api/v1. */
  apiRoot?: string | undefined;
  /** Self-hosted GitLab / Gitea: the instance's origin for the login page. */
  siteDomainUrl?: string | undefined;
  /** The public site, for "view live" links. */
  siteUrl?: string | undefined;
  /** Local backend only: where decap-server listens, when not the default http://localhost:8081/api/v1. */
  proxyUrl?: string | undefined;
}

export class CmsConfigError extends Error {}

/** Where uploads are committed (outside public/: see src/lib/content/uploads.ts), and the address entries write for them. */
export const MEDIA_FOLDER = UPLOADS_FOLDER;
export const PUBLIC_FOLDER = UPLOADS_PATH.slice(0, -1);

function backendOf(env: CmsEnv): Pick<CmsConfig, 'backend' | 'local_backend' | 'publish_mode'> {
  const name = (env.backend ?? 'local').toLowerCase();
  if (name === 'local') {
    // decap-server (npm run cms) writes straight to this checkout's content/; commits are made by you.
    return { backend: { name: 'git-gateway' }, local_backend: env.proxyUrl ? { url: env.proxyUrl } : true };
  }
  const need = (value: string | undefined, variable: string) => {
    if (!value) throw new CmsConfigError(`PUBLIC_CMS_BACKEND=${name} needs ${variable}.`);
    return value;
  };
  const common = { repo: need(env.repo, 'PUBLIC_CMS_REPO (owner/name)'), branch: env.branch ?? 'main' };
  if (name === 'github') {
    return {
      backend: { name: 'github', ...common, base_url: need(env.baseUrl, 'PUBLIC_CMS_AUTH_BASE_URL'), auth_endpoint: env.authEndpoint ?? 'auth' },
      publish_mode: 'editorial_workflow',
    };
  }
  if (name === 'gitlab' || name === 'gitea') {
    return {
      backend: {
        name,
        ...common,
        auth_type: 'pkce',
        app_id: need(env.appId, 'PUBLIC_CMS_APP_ID'),
        ...(env.apiRoot ? { api_root: env.apiRoot } : {}),
        ...(env.siteDomainUrl ? { base_url: env.siteDomainUrl } : {}),
      } as CmsConfig['backend'],
      publish_mode: 'editorial_workflow',
    };
  }
  throw new CmsConfigError(`PUBLIC_CMS_BACKEND=${name} is not one of local, github, gitlab, gitea.`);
}

export function buildCmsConfig(env: CmsEnv = {}): CmsConfig {
  return {
    load_config_file: false,
    ...backendOf(env),
    ...(env.siteUrl ? { site_url: env.siteUrl, display_url: env.siteUrl } : {}),
    locale: 'en',
    // Optional fields left empty are left out of the file, as the schemas expect, instead of saved as "".
    omit_empty_optional_fields: true,
    // Uploads go where the site serves them from; entries store the path the built site uses.
    media_folder: MEDIA_FOLDER,
    public_folder: PUBLIC_FOLDER,
    max_file_size: MAX_UPLOAD_BYTES,
    slug: { encoding: 'ascii', clean_accents: true, sanitize_replacement: '-' },
    collections: cmsCollections(),
  } as CmsConfig;
}
