// The dependency audit step of `npm test` (scripts/audit.ts), judged on npm audit's JSON output.
import { describe, expect, it } from 'vitest';
import { judgeAudit } from '../../scripts/audit.ts';

const report = (vulnerabilities: Record<string, unknown>, counts: Record<string, number>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts }, dependencies: { prod: 42 } },
  });

describe('dependency audit', () => {
  it('fails on a high or critical advisory, naming the package and the advisory', () => {
    const stdout = report(
      {
        'bad-lib': { name: 'bad-lib', severity: 'high', via: [{ title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-xxxx' }] },
        'uses-bad-lib': { name: 'uses-bad-lib', severity: 'moderate', via: ['bad-lib'] },
      },
      { high: 1, moderate: 1 },
    );
    const verdict = judgeAudit(stdout);
    expect(verdict.exitCode).toBe(1);
    expect(verdict.text).toContain('bad-lib (high)\n    Prototype pollution https://github.com/advisories/GHSA-xxxx');
    expect(verdict.text).not.toContain('uses-bad-lib');
  });

  it('passes with only low or moderate advisories, and says how many', () => {
    const verdict = judgeAudit(report({ meh: { name: 'meh', severity: 'moderate', via: [{ title: 'ReDoS' }] } }, { moderate: 1 }));
    expect(verdict).toEqual({ exitCode: 0, text: 'npm audit: no high or critical advisories in 42 production dependencies (low 0, moderate 1).' });
  });

  it('says loudly when the registry cannot audit, and fails then only when an audit is required', () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '', detail: '' } });
    const lenient = judgeAudit(refused);
    expect(lenient.exitCode).toBe(0);
    expect(lenient.text).toContain('production dependencies were NOT checked');
    expect(lenient.text).toContain('405 Method Not Allowed');
    expect(judgeAudit(refused, '', true).exitCode).toBe(1);
    expect(judgeAudit('', 'npm error network ENOTFOUND', true)).toMatchObject({ exitCode: 1 });
    expect(judgeAudit('', 'npm error network ENOTFOUND').text).toContain('npm error network ENOTFOUND');
  });
});
