import { describe, expect, it } from 'vitest';
import { educationalCredential, finalEvent, newsArticle, serializeJsonLd } from '../../src/lib/site/structured-data.ts';
import { achievementSchema } from '../../src/schemas/achievement.ts';
import { editionSchema } from '../../src/schemas/edition.ts';
import { releaseSchema } from '../../src/schemas/release.ts';
import { settingsSchema } from '../../src/schemas/settings.ts';

const settings = settingsSchema.parse({
  siteName: 'MIC',
  description: 'd',
  organization: { name: 'City of Kingston', url: 'https://www.cityofkingston.ca/' },
  contactEmail: 'mic@example.org',
  logo: { src: '/images/logo.svg', alt: 'MIC' },
  socialImage: { src: '/images/social-card.png', alt: 'MIC' },
});
const page = new URL('https://mic.example.org/challenge/2027/');

describe('JSON-LD', () => {
  it('describes an in-person final event with its local start time', () => {
    const edition = editionSchema.parse({
      year: 2027,
      title: 't',
      summary: 's',
      status: 'open',
      timeline: [{ label: 'Final event', kind: 'final-event', date: '2027-03-05', time: '18:30', location: 'City Hall' }],
      eligibility: ['x'],
      proposalFormat: 'video',
      criteria: { items: ['a'] },
      howToEnter: { instructions: 'i' },
    });
    expect(finalEvent(edition, edition.timeline[0]!, page, settings)).toMatchObject({
      '@type': 'Event',
      startDate: '2027-03-05T18:30:00-05:00',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: { '@type': 'Place', name: 'City Hall', address: { addressLocality: 'Kingston' } },
      organizer: { name: 'City of Kingston' },
    });
  });

  it('describes a release and a micro-credential', () => {
    const release = releaseSchema.parse({ title: 'T', date: '2022-01-25', category: 'Releases', summary: 'S', source: { name: 'City of Kingston' } });
    expect(newsArticle(release, new URL('https://mic.example.org/news/t/'), settings)).toMatchObject({
      '@type': 'NewsArticle',
      headline: 'T',
      datePublished: '2022-01-25',
      author: { '@type': 'Organization', name: 'City of Kingston' },
    });
    const achievement = achievementSchema.parse({
      slug: 'x',
      name: 'Innovation Skills',
      description: 'd',
      criteria: 'c',
      hours: 20,
      competencies: [{ name: 'Problem framing', framework: 'F' }],
      image: { src: '/badges/x.svg', alt: 'a' },
      validityMonths: 24,
    });
    expect(educationalCredential(achievement, page, settings)).toMatchObject({
      '@type': 'EducationalOccupationalCredential',
      timeRequired: 'PT20H',
      validFor: 'P24M',
      image: 'https://mic.example.org/badges/x.svg',
      competencyRequired: [{ '@type': 'DefinedTerm', name: 'Problem framing', inDefinedTermSet: 'F' }],
    });
  });

  it('cannot be broken out of its script element by content', () => {
    const json = serializeJsonLd({ '@type': 'Thing', name: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json)).toEqual({ '@type': 'Thing', name: '</script><script>alert(1)</script>' });
  });
});
