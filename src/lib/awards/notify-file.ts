/**
 * The mail-merge file of `npm run awards:import -- … --notify <file>`: one row per learner of the
 * export who holds a standing credential of the micro-credential after the import, new or awarded
 * before, so it can be made again from the same export at any time. It holds email addresses: the
 * CLI writes it outside the repository with mode 0600 and never prints it.
 *
 * Headers are plain ASCII words with no spaces (FirstName, CredentialPage…), which Word's and
 * Outlook's mail merge, Gmail mail-merge add-ons and Google Sheets all take as field names. UTF-8
 * with a byte-order mark and CRLF line ends, which Excel and Word read as UTF-8.
 */
import type { Contact } from './award-import.ts';

export const NOTIFY_COLUMNS = ['Email', 'FirstName', 'LastName', 'MicroCredential', 'CredentialPage', 'AwardedDate'] as const;

/** A CSV field: quoted, and a leading = + - @ defused so a spreadsheet never runs it as a formula. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function notifyCsv(rows: readonly { contact: Contact; credentialId: string; awardedDate: string }[], achievementName: string, credentialPage: (id: string) => string): string {
  const lines: string[][] = [[...NOTIFY_COLUMNS]];
  for (const { contact, credentialId, awardedDate } of rows) {
    lines.push([contact.email, contact.firstName, contact.lastName, achievementName, credentialPage(credentialId), awardedDate]);
  }
  return `\uFEFF${lines.map((fields) => fields.map(csvField).join(',')).join('\r\n')}\r\n`;
}
