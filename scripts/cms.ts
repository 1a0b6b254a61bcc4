/**
 * npm run cms: the site in development mode and decap-server together, so staff can edit content
 * in the browser at http://localhost:4321/admin/. decap-server writes straight into this checkout's
 * content/ (photos in content/uploads/; commit the changes with Git). Ctrl+C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = process.cwd();
const children: ChildProcess[] = [];
let stopping = false;

function start(name: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n${name} stopped (${signal ?? `exit code ${code}`}); stopping the other one too.`);
    stop(code ?? 1);
  });
  children.push(child);
}

function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start('decap-server', [path.join(root, 'node_modules/decap-server/dist/index.js')], { GIT_REPO_DIRECTORY: root, PORT: process.env.DECAP_PORT ?? '8081', MODE: 'fs' });
start('astro dev', [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'dev'], { ASTRO_TELEMETRY_DISABLED: '1' });
console.log('\nEdit the site at http://localhost:4321/admin/ (Ctrl+C stops the site and the CMS backend).\n');
