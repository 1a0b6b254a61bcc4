/**
 * The words of the "How to earn and claim your micro-credential" page, the single file
 * content/guides/how-to-earn.yaml. Only the prose is here: the facts each step states (hours, pass
 * mark, registration link and deadline, contacts) come from the micro-credential, the Challenge year
 * that offers it and the site settings, so they are written once and cannot disagree with the page.
 */
import { z } from 'astro/zod';
import { requiredText } from './shared.ts';

/** One step of the path: its heading and a sentence or two in plain text (not Markdown). */
const step = (what: string) =>
  z.strictObject({
    /** The step's heading, e.g. "Register". */
    heading: requiredText(`a heading for the step on ${what}`),
    /** A sentence or two in plain text; the page adds the facts (dates, links, numbers) after it. */
    text: requiredText(`the text of the step on ${what}`),
  });

export const earningGuideSchema = z.strictObject({
  /** One or two sentences under the page title. */
  intro: requiredText('an introduction (one or two sentences)'),
  /** Signing up: the page adds the registration link and sign-up deadline of the Challenge year. */
  register: step('registering'),
  /** The online training: the page adds its hours and where it is delivered. */
  training: step('the training'),
  /** How it is assessed: the page adds what counts as completion, from the completion rule. */
  assessment: step('the assessment'),
  /** The email with the credential link that earners receive once the credentials are published. */
  email: step('the email with your link'),
  /** The earner's own credential page. */
  credentialPage: step('your credential page'),
  /** Adding it to LinkedIn. */
  linkedIn: step('LinkedIn'),
  /** Keeping it in a digital wallet. */
  wallet: step('a digital wallet'),
  /** Printing the certificate. */
  certificate: step('the printable certificate'),
});

export type EarningGuide = z.output<typeof earningGuideSchema>;
