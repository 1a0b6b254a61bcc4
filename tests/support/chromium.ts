// Browser tests use Debian's Chromium. Missing Chromium fails in CI and skips loudly elsewhere.
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/chromium.ts';

export const hasChromium = existsSync(CHROMIUM_PATH);
export const launch = launchChromium;

if (!hasChromium) {
  const message = `Chromium not found at ${CHROMIUM_PATH}: browser tests cannot run. Install it with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH).`;
  // Like most CI tools, treat any CI value but "false" and "0" as running in CI.
  if (process.env.CI && !['false', '0'].includes(process.env.CI)) throw new Error(message);
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPING BROWSER TESTS. ${message}\n${'!'.repeat(100)}\n`);
}
