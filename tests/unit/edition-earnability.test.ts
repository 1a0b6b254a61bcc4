// Whether a micro-credential can be earned now, from the Challenge years that offer it.
import { describe, expect, it } from 'vitest';
import { earnability } from '../../src/lib/site/edition.ts';

const year = (y: number, status: 'upcoming' | 'open' | 'judging' | 'closed', deadline?: string) => ({
  year: y,
  status,
  achievement: 'innovation-skills',
  timeline: deadline ? [{ label: 'Sign-up closes', kind: 'registration-deadline' as const, date: deadline, virtual: false }] : [],
});
const badge = { slug: 'innovation-skills', active: true };

describe('earnability', () => {
  it('follows the newest Challenge year that offers the micro-credential', () => {
    expect(earnability(badge, [year(2022, 'closed')])).toEqual({ now: false, year: 2022, text: 'The last intake was the 2022 Challenge. The next intake will be announced in the news.' });
    expect(earnability(badge, [year(2022, 'closed'), year(2027, 'judging')]).text).toBe('The last intake was the 2027 Challenge, whose entries are being judged. The next intake will be announced in the news.');
    expect(earnability(badge, [year(2022, 'closed'), year(2027, 'open', '2027-01-29')])).toEqual({ now: true, year: 2027, text: 'Offered with the 2027 Challenge; sign up by January 29, 2027.' });
    expect(earnability(badge, [year(2027, 'upcoming')])).toMatchObject({ now: true, year: 2027 });
    expect(earnability(badge, [])).toMatchObject({ now: false, text: 'No Challenge year offers it yet. New intakes are announced in the news.' });
    expect(earnability({ ...badge, active: false }, [year(2027, 'open')])).toMatchObject({ now: false, text: 'No longer awarded. Credentials already issued remain valid.' });
  });
});
