/**
 * Bundles Decap CMS for /admin/ with esbuild, beside Astro's build instead of inside it.
 *
 * Why: the CMS is 6 MB of JavaScript (React, Decap, CodeMirror…). Through Vite it took about
 * 2.5 seconds of every build, more than all the public pages; esbuild bundles it in about one
 * second on its own threads while Astro works. The admin page loads `/admin/cms.js`; a build
 * writes the bundle under a content-hashed name and points the page at it, and `astro dev` serves
 * it from an esbuild context that rebuilds on each load (cms/ edits show on reload).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { build, context, type BuildOptions, type Plugin } from 'esbuild';
import { ADMIN_SCRIPT } from './script.ts';


/** Vite's `?inline` CSS import (the site's styles for previews), as esbuild's text loader. */
const inlineCss: Plugin = {
  name: 'inline-css',
  setup(build) {
    build.onResolve({ filter: /\.css\?inline$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path.replace(/\?inline$/, '')) }));
  },
};

function options(root: string): BuildOptions {
  return {
    entryPoints: [path.join(root, 'cms', 'admin-entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'eof', // license notices of the bundled packages stay with them
    logLevel: 'silent',
    loader: { '.css': 'text' },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [inlineCss],
  };
}

function failure(error: unknown): AstroError {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors;
  const detail = errors?.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text)).join('\n') ?? String(error);
  return new AstroError(`The CMS for /admin/ could not be bundled:\n${detail}`);
}

export function adminBundle(): AstroIntegration {
  let bundling: Promise<string> | undefined;
  let root = '';
  return {
    name: 'mic:admin',
    hooks: {
      'astro:config:setup': ({ config, command }) => {
        root = fileURLToPath(config.root);
        if (command !== 'build') return;
        // Started now, awaited when the pages are written: esbuild runs on its own threads meanwhile.
        bundling = build(options(root)).then((result) => result.outputFiles![0]!.text);
        bundling.catch(() => {}); // awaited in astro:build:done
      },
      'astro:server:setup': async ({ server }) => {
        const ctx = await context(options(root));
        server.httpServer?.once('close', () => void ctx.dispose());
        server.middlewares.use(async (req, res, next) => {
          if ((req.url ?? '').split('?')[0] !== ADMIN_SCRIPT) return next();
          try {
            const result = await ctx.rebuild();
            res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
            res.end(result.outputFiles![0]!.text);
          } catch (error) {
            res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
            res.end(failure(error).message);
          }
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (!bundling) return;
        let code: string;
        try {
          code = await bundling;
        } catch (error) {
          throw failure(error);
        }
        const out = fileURLToPath(dir);
        const name = `/admin/cms.${createHash('sha256').update(code).digest('base64url').slice(0, 10)}.js`;
        const page = path.join(out, 'admin', 'index.html');
        const html = await readFile(page, 'utf8');
        if (!html.includes(`src="${ADMIN_SCRIPT}"`)) throw new AstroError(`${page} does not load ${ADMIN_SCRIPT}, so the CMS would not start.`);
        await mkdir(path.join(out, 'admin'), { recursive: true });
        await writeFile(path.join(out, name), code);
        await writeFile(page, html.replace(`src="${ADMIN_SCRIPT}"`, `src="${name}"`));
        logger.info(`Bundled the CMS: ${name} (${(code.length / 1024 / 1024).toFixed(1)} MB).`);
      },
    },
  };
}
