/**
 * npm run awards:match-key
 *
 * Makes the AWARDS_MATCH_KEY the award import needs: a random secret behind each award's matchKey
 * (an HMAC of the learner's email and the micro-credential), so importing the same export again
 * recognises who already has the award without storing any address. Printed once, written nowhere.
 */
import { randomBytes } from 'node:crypto';

console.log(`AWARDS_MATCH_KEY=${randomBytes(32).toString('hex')}

Keep it in the secret store beside BADGE_SIGNING_KEY and set it whenever you run npm run awards:import.
Use the same key for every import: awards imported with another key are not recognised, so the same
learners would be awarded twice. It is shown once and stored nowhere else.`);
