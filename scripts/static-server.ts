// Serves a built site on localhost the way a static host does (directory index, 404.html for misses): tests and the benchmark.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';

export interface RunningServer {
  origin: string;
  close(): Promise<void>;
}

/** What `extra` files are served as, by extension. */
const EXTRA_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/**
 * Serves `dir`; `extra` adds files by path (root-relative, e.g. "/baseline/" or "/baseline/baseline.js") that are
 * not on disk: the benchmark's baseline page.
 */
export async function serve(dir: string, extra: Record<string, string> = {}): Promise<RunningServer> {
  const files = sirv(dir, { dev: false, etag: true });
  const notFound = readFileSync(path.join(dir, '404.html'));
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const added = extra[pathname];
    if (added !== undefined) {
      res.writeHead(200, { 'Content-Type': EXTRA_TYPES[path.extname(pathname) || '.html'] ?? 'application/octet-stream' });
      res.end(added);
      return;
    }
    files(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(notFound);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
