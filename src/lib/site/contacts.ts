/**
 * Who the public can write to, from the site settings: the named program and media contacts, or, on a
 * site whose settings do not name them yet, the general contact address under the program's name.
 */
import { parsedPhone, type Contact, type Settings } from '../../schemas/settings.ts';

/** The label a contact marked `placeholder: true` carries wherever it is shown. */
export const PLACEHOLDER_CONTACT_LABEL = '(placeholder, not a real contact)';

/** A contact made from the general address, for settings without named contacts. */
function general(settings: Pick<Settings, 'contactEmail' | 'organization' | 'siteName'>, role: string): Contact {
  return { name: `${settings.siteName} ${role}`, organization: settings.organization.name, email: settings.contactEmail, placeholder: false };
}

/** Who students write to about taking part and the micro-credential. */
export function programContact(settings: Pick<Settings, 'contacts' | 'contactEmail' | 'organization' | 'siteName'>): Contact {
  return settings.contacts?.program ?? general(settings, 'team');
}

/** Who journalists write to. */
export function mediaContact(settings: Pick<Settings, 'contacts' | 'contactEmail' | 'organization' | 'siteName'>): Contact {
  return settings.contacts?.media ?? general(settings, 'team');
}

/**
 * The tel: address of a contact's phone (RFC 3966, as libphonenumber-js writes it: the extension kept
 * apart, "tel:+16135464291;ext=1234"), or undefined for one the settings schema would refuse.
 */
export function phoneHref(phone: string): string | undefined {
  return parsedPhone(phone)?.getURI();
}
