/** Where the admin page loads the CMS from; a build replaces it with the hashed bundle's address (integration.ts). */
export const ADMIN_SCRIPT = '/admin/cms.js';
