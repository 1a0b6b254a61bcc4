// 1EdTech's official Open Badges 3.0 JSON Schemas, which sit beside the repository in ../shared/conformance/.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { repo } from './build.ts';

export const CONFORMANCE_DIR = path.resolve(repo, '..', 'shared', 'conformance');
export const hasConformance = existsSync(path.join(CONFORMANCE_DIR, 'ob_v3p0_achievementcredential_schema.json'));

if (!hasConformance) {
  const message = `The official OB 3.0 schemas are not at ${CONFORMANCE_DIR}: conformance tests cannot run.`;
  if (process.env.CI && !['false', '0'].includes(process.env.CI)) throw new Error(message);
  console.warn(`\n!! SKIPPING CONFORMANCE TESTS. ${message}\n`);
}

/** A validator for the official AchievementCredential schema (JSON Schema draft 2019-09). */
export function achievementCredentialValidator() {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const schema = JSON.parse(readFileSync(path.join(CONFORMANCE_DIR, 'ob_v3p0_achievementcredential_schema.json'), 'utf8'));
  return ajv.compile(schema);
}
