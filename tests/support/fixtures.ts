// Files the tests read from tests/fixtures/: third-party data vendored with a SOURCE.md beside it.
// Nothing here reads outside the repository; a missing fixture is an error, never a skipped assertion.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repo } from './build.ts';

export const FIXTURES_DIR = path.join(repo, 'tests', 'fixtures');

/** The path of a fixture, after checking it exists, e.g. fixturePath('1edtech/baked/simple-jwt.png'). */
export function fixturePath(relative: string): string {
  const file = path.join(FIXTURES_DIR, relative);
  if (!existsSync(file)) {
    throw new Error(
      `Test fixture tests/fixtures/${relative} is missing. It is committed with the repository (see the SOURCE.md beside it): restore it with git checkout -- tests/fixtures/.`,
    );
  }
  return file;
}

/** A fixture's bytes. */
export const fixtureBytes = (relative: string): Buffer => readFileSync(fixturePath(relative));

/** A fixture as UTF-8 text. */
export const fixtureText = (relative: string): string => readFileSync(fixturePath(relative), 'utf8');
