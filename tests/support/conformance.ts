// 1EdTech's official Open Badges 3.0 JSON Schemas, vendored in tests/fixtures/1edtech/schemas/ (SOURCE.md there).
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { fixtureText } from './fixtures.ts';

/** A validator for the official AchievementCredential schema (JSON Schema draft 2019-09). */
export function achievementCredentialValidator() {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(fixtureText('1edtech/schemas/ob_v3p0_achievementcredential_schema.json')));
}
