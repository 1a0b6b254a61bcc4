/**
 * npm run audit: the dependency audit `npm test` runs first. Fails when `npm audit --omit=dev`
 * reports a high or critical advisory in a production dependency (package.json "dependencies": the
 * CMS, React, jose and what they pull in). When the registry cannot answer audit requests (a mirror
 * that allows only GET answers 405, or no network), it says so loudly and goes on: an audit that
 * cannot run must not look like a passed one, nor stop every test run on a machine without the audit
 * service. AUDIT_REQUIRED=1 makes that case fail too; the GitHub workflow sets it.
 */
import { spawnSync } from 'node:child_process';

interface Report {
  vulnerabilities?: Record<string, { severity: string; via: ({ title?: string; url?: string } | string)[] }>;
  metadata?: { vulnerabilities: Record<string, number>; dependencies?: { prod?: number } };
  message?: string;
}

/** What to say about `npm audit --json` output, and whether it fails the run. */
export function judgeAudit(stdout: string, stderr = '', required = false): { exitCode: 0 | 1; text: string } {
  let report: Report | undefined;
  try {
    report = JSON.parse(stdout) as Report;
  } catch {
    report = undefined;
  }
  if (!report?.metadata) {
    const why = report?.message ?? (stderr.trim().split('\n').at(-1) || 'no answer');
    const lines = [
      'npm audit could not run, so production dependencies were NOT checked for advisories.',
      `The registry said: ${why}`,
      'Run `npm audit --omit=dev --audit-level=high` where the npm audit service is reachable (the GitHub workflow does).',
    ];
    const width = Math.max(...lines.map((l) => l.length));
    const box = ['', '!'.repeat(width + 4), ...lines.map((l) => `! ${l.padEnd(width)} !`), '!'.repeat(width + 4), ''].join('\n');
    return { exitCode: required ? 1 : 0, text: box };
  }
  const serious = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) => v.severity === 'high' || v.severity === 'critical');
  if (serious.length > 0) {
    const list = serious.map(([name, v]) => {
      const advisories = v.via.filter((via): via is { title?: string; url?: string } => typeof via === 'object');
      return `  ${name} (${v.severity})${advisories.map((a) => `\n    ${[a.title, a.url].filter(Boolean).join(' ')}`).join('')}`;
    });
    return {
      exitCode: 1,
      text: [
        `npm audit: ${serious.length} production dependenc${serious.length === 1 ? 'y has' : 'ies have'} high or critical advisories:`,
        ...list,
        'Update them (npm update, or npm audit fix), or replace the package, then run the tests again.',
      ].join('\n'),
    };
  }
  const counts = report.metadata.vulnerabilities;
  return {
    exitCode: 0,
    text: `npm audit: no high or critical advisories in ${report.metadata.dependencies?.prod ?? 'the'} production dependencies (low ${counts.low ?? 0}, moderate ${counts.moderate ?? 0}).`,
  };
}

if (import.meta.main) {
  // Through npm's own CLI when run as an npm script, so the project's npm and Node are used.
  const npm = process.env.npm_execpath;
  const args = ['audit', '--omit=dev', '--json'];
  const run = npm
    ? spawnSync(process.execPath, [npm, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync('npm', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const { exitCode, text } = judgeAudit(run.stdout ?? '', run.stderr ?? '', process.env.AUDIT_REQUIRED === '1');
  (exitCode === 0 && !text.startsWith('\n!') ? console.log : console.error)(text);
  process.exit(exitCode);
}
