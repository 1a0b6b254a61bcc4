/**
 * schema.org JSON-LD for the page types that have a matching type: NewsArticle for releases, Event for
 * an edition's final event, EducationalOccupationalCredential for micro-credentials. Pure builders;
 * the JsonLd component serialises them safely.
 */
import type { Achievement } from '../../schemas/achievement.ts';
import type { Edition, Milestone } from '../../schemas/edition.ts';
import type { Release } from '../../schemas/release.ts';
import type { Settings } from '../../schemas/settings.ts';
import { kingstonDateTime } from '../dates/format.ts';

export type JsonLdObject = { '@context'?: string; '@type': string } & Record<string, unknown>;

export function organization(settings: Settings, siteUrl: URL): JsonLdObject {
  return {
    '@type': 'GovernmentOrganization',
    name: settings.organization.name,
    url: settings.organization.url,
    logo: new URL(settings.logo.src, siteUrl).href,
  };
}

export function newsArticle(release: Release, pageUrl: URL, settings: Settings): JsonLdObject {
  const publisher = organization(settings, pageUrl);
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: release.title,
    description: release.summary,
    datePublished: release.date,
    url: pageUrl.href,
    mainEntityOfPage: pageUrl.href,
    author: release.source ? { '@type': 'Organization', name: release.source.name } : publisher,
    publisher,
    ...(release.hero ? { image: new URL(release.hero.src, pageUrl).href } : {}),
  };
}

export function finalEvent(edition: Edition, milestone: Milestone, pageUrl: URL, settings: Settings): JsonLdObject | undefined {
  if (!milestone.date) return undefined;
  const startDate = milestone.time ? kingstonDateTime(milestone.date, milestone.time) : milestone.date;
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: milestone.label,
    description: milestone.description ?? edition.summary,
    startDate,
    ...(milestone.endDate ? { endDate: milestone.endDate } : {}),
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: milestone.virtual
      ? 'https://schema.org/OnlineEventAttendanceMode'
      : 'https://schema.org/OfflineEventAttendanceMode',
    location: milestone.virtual
      ? { '@type': 'VirtualLocation', url: pageUrl.href }
      : { '@type': 'Place', name: milestone.location, address: { '@type': 'PostalAddress', addressLocality: 'Kingston', addressRegion: 'ON', addressCountry: 'CA' } },
    organizer: organization(settings, pageUrl),
    url: pageUrl.href,
  };
}

export function educationalCredential(achievement: Achievement, pageUrl: URL, settings: Settings): JsonLdObject {
  return {
    '@context': 'https://schema.org',
    '@type': 'EducationalOccupationalCredential',
    name: achievement.name,
    description: achievement.description,
    credentialCategory: 'Micro-credential',
    url: pageUrl.href,
    image: new URL(achievement.image.src, pageUrl).href,
    timeRequired: `PT${achievement.hours}H`,
    competencyRequired: achievement.competencies.map((c) => ({
      '@type': 'DefinedTerm',
      name: c.name,
      ...(c.description ? { description: c.description } : {}),
      ...(c.framework ? { inDefinedTermSet: c.framework } : {}),
      ...(c.url ? { url: c.url } : {}),
    })),
    recognizedBy: organization(settings, pageUrl),
    ...(achievement.validityMonths ? { validFor: `P${achievement.validityMonths}M` } : {}),
  };
}

/**
 * JSON for a <script type="application/ld+json"> block. `<` is escaped so no content value can
 * close the script element early, whatever an editor types.
 */
export function serializeJsonLd(data: JsonLdObject | JsonLdObject[]): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
