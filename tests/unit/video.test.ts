// The video link field (src/schemas/video.ts): every form people paste from YouTube and Vimeo is read
// to the same video; everything else is refused with a message that says what to paste.
import { describe, expect, it } from 'vitest';
import { cmsCollections } from '../../cms/collections.ts';
import { inFormWords, labelTrail, type FieldConfig } from '../../cms/labels.ts';
import { MAX_VIDEO_LINK_LENGTH, parseVideoLink, video } from '../../src/schemas/video.ts';

const ID = 'dQw4w9WgXcQ';
const YOUTUBE = { provider: 'youtube', id: ID, watchUrl: `https://www.youtube.com/watch?v=${ID}`, embedUrl: `https://www.youtube-nocookie.com/embed/${ID}?autoplay=1` };
const VIMEO = { provider: 'vimeo', id: '76979871', watchUrl: 'https://vimeo.com/76979871', embedUrl: 'https://player.vimeo.com/video/76979871?autoplay=1&dnt=1' };

function reason(input: string): string {
  const result = parseVideoLink(input);
  if (result.ok) throw new Error(`${input} was accepted as ${JSON.stringify(result.video)}`);
  return result.reason;
}

describe('parseVideoLink', () => {
  it.each([
    // What YouTube's Share button gives (with its tracking parameter), and the address bar on desktop and phone.
    `https://youtu.be/${ID}?si=Bq3xK9pLm2Nw7QrT`,
    `https://youtu.be/${ID}?t=42`,
    `https://www.youtube.com/watch?v=${ID}`,
    `https://www.youtube.com/watch?v=${ID}&list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs&index=2&t=10s`,
    `https://www.youtube.com/watch?feature=shared&v=${ID}`,
    `https://m.youtube.com/watch?v=${ID}`,
    `https://youtube.com/watch?v=${ID}`,
    `https://www.youtube.com/shorts/${ID}`,
    `https://youtube.com/shorts/${ID}?feature=share`,
    `https://www.youtube.com/embed/${ID}`,
    `https://www.youtube.com/live/${ID}?si=abc`,
    `https://www.youtube-nocookie.com/embed/${ID}?rel=0`,
    `https://youtube-nocookie.com/embed/${ID}`,
    // Without the scheme, over http, in capitals, in angle brackets, with surrounding spaces.
    `youtu.be/${ID}`,
    `www.youtube.com/watch?v=${ID}`,
    `//www.youtube.com/watch?v=${ID}`,
    `http://www.youtube.com/watch?v=${ID}`,
    `HTTPS://WWW.YOUTUBE.COM/watch?v=${ID}`,
    `<https://youtu.be/${ID}>`,
    `  https://youtu.be/${ID}/  `,
  ])('reads the YouTube link %s', (input) => {
    expect(parseVideoLink(input)).toEqual({ ok: true, video: YOUTUBE });
  });

  it.each([
    'https://vimeo.com/76979871',
    'https://www.vimeo.com/76979871',
    'https://m.vimeo.com/76979871',
    'vimeo.com/76979871',
    'https://vimeo.com/channels/staffpicks/76979871',
    'https://player.vimeo.com/video/76979871',
    'https://player.vimeo.com/video/76979871?badge=0&autopause=0',
  ])('reads the Vimeo link %s', (input) => {
    expect(parseVideoLink(input)).toEqual({ ok: true, video: VIMEO });
  });

  it('keeps the private code of an unlisted Vimeo video, in either place Vimeo puts it', () => {
    const unlisted = { provider: 'vimeo', id: '76979871', watchUrl: 'https://vimeo.com/76979871/8a4e3b1f2c', embedUrl: 'https://player.vimeo.com/video/76979871?autoplay=1&dnt=1&h=8a4e3b1f2c' };
    expect(parseVideoLink('https://vimeo.com/76979871/8a4e3b1f2c')).toEqual({ ok: true, video: unlisted });
    expect(parseVideoLink('https://player.vimeo.com/video/76979871?h=8a4e3b1f2c')).toEqual({ ok: true, video: unlisted });
  });

  it('refuses script and other schemes, naming what to paste instead', () => {
    for (const input of ['javascript:alert(1)', ' JavaScript:alert(document.cookie)//youtu.be/dQw4w9WgXcQ', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'ftp://youtu.be/dQw4w9WgXcQ']) {
      expect(reason(input)).toMatch(/^".*" is not a web address \(it starts with [a-z]+:\)\. Paste the link of a video on YouTube or Vimeo \(its Share button gives it\), for example https:\/\/www\.youtube\.com\/watch\?v=dQw4w9WgXcQ/);
    }
    expect(reason('java\tscript:alert(1)')).toMatch(/^The video link has spaces in it/);
  });

  it('refuses other sites, including ones dressed up as YouTube or Vimeo', () => {
    for (const [input, host] of [
      [`https://youtube.com.evil.org/watch?v=${ID}`, 'youtube.com.evil.org'],
      [`https://evil.org/youtube.com/watch?v=${ID}`, 'evil.org'],
      [`https://notyoutube.com/watch?v=${ID}`, 'notyoutube.com'],
      [`https://vimeo.com.evil.org/76979871`, 'vimeo.com.evil.org'],
      ['https://evilvimeo.com/76979871', 'evilvimeo.com'],
      [`https://music.youtube.com/watch?v=${ID}`, 'music.youtube.com'],
      // A Cyrillic "о" in youtube: the browser's punycode name is not YouTube's.
      [`https://www.y\u043eutube.com/watch?v=${ID}`, 'www.xn--yutube-wqf.com'],
      ['https://example.com/video.mp4', 'example.com'],
    ]) {
      expect(reason(input!)).toBe(
        `${host} is not YouTube or Vimeo. Only videos on those two sites can be shown on the site. Paste the link of a video on YouTube or Vimeo (its Share button gives it), for example https://www.youtube.com/watch?v=dQw4w9WgXcQ, https://youtu.be/dQw4w9WgXcQ or https://vimeo.com/76979871.`,
      );
    }
  });

  it('refuses a user name, password or port in the address', () => {
    expect(reason(`https://user:pass@www.youtube.com/watch?v=${ID}`)).toMatch(/has a user name, password or port/);
    // Looks like YouTube, goes to evil.org: what comes before @ is a user name.
    expect(reason(`https://www.youtube.com@evil.org/watch?v=${ID}`)).toMatch(/has a user name, password or port/);
    expect(reason(`https://www.youtube.com:8443/watch?v=${ID}`)).toMatch(/has a user name, password or port/);
  });

  it('refuses ids with odd characters or the wrong length', () => {
    for (const id of ['dQw4w9WgXc', 'dQw4w9WgXcQQ', 'dQw4w9WgX<Q', 'dQw4w9WgX"Q', "dQw4w9WgX'Q", 'dQw4w9WgX%3C', '../../../x', 'dQw4w9WgXc\u0301']) {
      expect(reason(`https://www.youtube.com/watch?v=${encodeURIComponent(id)}`), id).toMatch(/is not a YouTube video id \(11 letters, digits, - or _\)/);
    }
    expect(reason('https://youtu.be/dQw4w9WgX%3CQ')).toMatch(/is not a YouTube video id/);
    for (const id of ['abc', '0123', '1234567890123', '7697987l']) {
      expect(reason(`https://vimeo.com/${id}`), id).toMatch(/is not a Vimeo video number/);
    }
    expect(reason('https://vimeo.com/76979871/not-a-hash"')).toMatch(/is not the private code of an unlisted Vimeo video/);
  });

  it('refuses a channel, playlist, search or home page: not one video', () => {
    for (const input of ['https://www.youtube.com/', 'https://www.youtube.com/@CityofKingston', 'https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs', 'https://www.youtube.com/results?search_query=kingston', 'https://www.youtube.com/watch', 'https://youtu.be/']) {
      expect(reason(input), input).toMatch(/^This YouTube link \(\/.*\) is not a link to one video/);
    }
    for (const input of ['https://vimeo.com/', 'https://vimeo.com/channels/staffpicks', 'https://player.vimeo.com/76979871']) {
      expect(reason(input), input).toMatch(/^This Vimeo link \(\/.*\) is not a link to one video/);
    }
  });

  it('refuses empty, over-long or spaced text', () => {
    expect(reason('   ')).toMatch(/^The video link is empty\./);
    const long = `https://www.youtube.com/watch?v=${ID}&x=${'a'.repeat(MAX_VIDEO_LINK_LENGTH)}`;
    expect(reason(long)).toMatch(/^The video link is \d+ characters long, longer than any YouTube or Vimeo link\./);
    expect(reason(`https://youtu.be/${ID} https://vimeo.com/76979871`)).toMatch(/^The video link has spaces in it, so it is not one link\. Paste the link of a video/);
  });
});

describe('the video field', () => {
  it('gives pages the parsed link and the title', () => {
    expect(video.parse({ url: `https://youtu.be/${ID}`, title: ' Team Greenway presents its proposal ' })).toEqual({ url: YOUTUBE, title: 'Team Greenway presents its proposal' });
  });

  it('names the part that is wrong', () => {
    const result = video.safeParse({ url: 'https://example.com/clip.mp4', title: '' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['url', expect.stringMatching(/^example\.com is not YouTube or Vimeo\./)],
      ['title', 'Add a title for the video (what it shows, e.g. "Team Greenway presents its proposal"); it cannot be empty.'],
    ]);
    expect(video.safeParse({ url: 42, title: 'A title' }).error?.issues[0]?.message).toMatch(/^Expected the video link as text\. Paste the link/);
    expect(video.safeParse({ url: `https://youtu.be/${ID}`, title: 'x'.repeat(151) }).error?.issues[0]?.message).toMatch(/under 150 characters/);
  });
});

describe('the video field in the CMS', () => {
  const fields = (name: string) => cmsCollections().find((c) => c.name === name)!.fields as unknown as FieldConfig[];

  it('is on releases and winners, and a refused link is named by the form’s labels', () => {
    for (const collection of ['releases', 'winners']) {
      expect(labelTrail(fields(collection), 'video.url'), collection).toEqual(['Video', 'Video link']);
      expect(labelTrail(fields(collection), 'video.title'), collection).toEqual(['Video', 'Video title']);
    }
    const refused = video.safeParse({ url: 'https://youtube.com.evil.org/watch?v=dQw4w9WgXcQ', title: 'A title' }).error!.issues[0]!;
    // The message reads the same in the form's problem panel as in the build's report.
    expect(inFormWords(fields('releases'), refused.message)).toBe(refused.message);
    expect(refused.message).toMatch(/^youtube\.com\.evil\.org is not YouTube or Vimeo\./);
  });
});
