/**
 * A video on YouTube or Vimeo, as an editor gives it: the link they copied from the site's address bar
 * or its Share button, and a title. Pages show it as a click-to-load player
 * (src/components/VideoEmbed.astro): nothing is fetched from YouTube or Vimeo until the reader asks.
 *
 * The link is parsed here, once, into the provider and the video's id, and the page builds the
 * player's address from those alone, so nothing else an editor typed (another host, a path, a query
 * with a script in it) can reach the page. Pure: the CMS bundles it for its pre-save check.
 */
import { z } from 'astro/zod';
import { requiredText } from './shared.ts';

export type VideoProvider = 'youtube' | 'vimeo';

/** A video the site can show: where to watch it, and the player address the page frames on request. */
export interface VideoLink {
  provider: VideoProvider;
  /** YouTube's 11-character id, or Vimeo's number. */
  id: string;
  /** The video's own page, for the "Watch on YouTube/Vimeo" link (works without the player). */
  watchUrl: string;
  /**
   * The player. YouTube's no-cookie host sets no cookie until the video plays; Vimeo's dnt=1 turns off
   * its tracking. autoplay=1 because the reader has already pressed Play once, on the facade.
   */
  embedUrl: string;
}

export type VideoLinkResult = { ok: true; video: VideoLink } | { ok: false; reason: string };

/** The site names editors see, by provider. */
export const VIDEO_PROVIDER_NAMES: Record<VideoProvider, string> = { youtube: 'YouTube', vimeo: 'Vimeo' };

/** Longer than any link YouTube or Vimeo hands out, tracking parameters included. */
export const MAX_VIDEO_LINK_LENGTH = 500;

const EXAMPLES = 'for example https://www.youtube.com/watch?v=dQw4w9WgXcQ, https://youtu.be/dQw4w9WgXcQ or https://vimeo.com/76979871';
const WHAT_TO_PASTE = `Paste the link of a video on YouTube or Vimeo (its Share button gives it), ${EXAMPLES}.`;

/** YouTube ids are 11 characters of the URL-safe base-64 alphabet. */
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
/** Vimeo ids are numbers (9 digits today); 12 leaves room and keeps out absurd ones. */
const VIMEO_ID = /^[1-9][0-9]{0,11}$/;
/** The private hash of an unlisted Vimeo video (vimeo.com/ID/HASH or ?h=HASH): hex. */
const VIMEO_HASH = /^[0-9a-f]{6,20}$/;

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtube-nocookie.com', 'www.youtube-nocookie.com']);
const YOUTUBE_SHORT_HOSTS = new Set(['youtu.be', 'www.youtu.be']);
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com', 'm.vimeo.com']);
const VIMEO_PLAYER_HOSTS = new Set(['player.vimeo.com']);

function youtube(id: string): VideoLink {
  return {
    provider: 'youtube',
    id,
    watchUrl: `https://www.youtube.com/watch?v=${id}`,
    embedUrl: `https://www.youtube-nocookie.com/embed/${id}?autoplay=1`,
  };
}

function vimeo(id: string, hash: string | undefined): VideoLink {
  return {
    provider: 'vimeo',
    id,
    watchUrl: `https://vimeo.com/${id}${hash ? `/${hash}` : ''}`,
    embedUrl: `https://player.vimeo.com/video/${id}?autoplay=1&dnt=1${hash ? `&h=${hash}` : ''}`,
  };
}

/** The path's segments, without empty ones from a trailing slash. */
function segments(url: URL): string[] {
  return url.pathname.split('/').filter((part) => part !== '');
}

function youtubeId(url: URL, short: boolean): string | undefined {
  const parts = segments(url);
  if (short) return parts.length === 1 ? parts[0] : undefined;
  if (parts.length === 1 && parts[0] === 'watch') return url.searchParams.get('v') ?? undefined;
  if (parts.length === 2 && ['shorts', 'embed', 'live'].includes(parts[0]!)) return parts[1];
  return undefined;
}

function vimeoIdAndHash(url: URL, player: boolean): { id: string; hash?: string | undefined } | undefined {
  const parts = segments(url);
  const query = url.searchParams.get('h') ?? undefined;
  if (player) return parts.length === 2 && parts[0] === 'video' ? { id: parts[1]!, hash: query } : undefined;
  // vimeo.com/ID, vimeo.com/ID/HASH (unlisted), vimeo.com/channels/NAME/ID (a video in a channel).
  if (parts.length === 1) return { id: parts[0]!, hash: query };
  if (parts.length === 2 && /^\d+$/.test(parts[0]!)) return { id: parts[0]!, hash: parts[1] };
  if (parts.length === 3 && parts[0] === 'channels') return { id: parts[2]!, hash: query };
  return undefined;
}

/**
 * Reads a pasted video link. Accepts what YouTube and Vimeo hand out and what people copy from the
 * address bar: youtu.be/ID, youtube.com/watch?v=ID, /shorts/ID, /embed/ID, /live/ID, the no-cookie
 * host, vimeo.com/ID (also /ID/HASH of an unlisted video and /channels/NAME/ID) and
 * player.vimeo.com/video/ID; with or without https://, www. or m., and in <angle brackets> as some
 * mail programs wrap links. Anything else is refused with the reason and what to paste.
 */
export function parseVideoLink(input: string): VideoLinkResult {
  const fail = (why: string): VideoLinkResult => ({ ok: false, reason: `${why} ${WHAT_TO_PASTE}` });
  let text = input.trim();
  if (text.startsWith('<') && text.endsWith('>')) text = text.slice(1, -1).trim();
  if (text === '') return fail('The video link is empty.');
  if (text.length > MAX_VIDEO_LINK_LENGTH) return fail(`The video link is ${text.length} characters long, longer than any YouTube or Vimeo link.`);
  if (/\s/.test(text)) return fail('The video link has spaces in it, so it is not one link.');
  // A link without its https:// is still a link; any other scheme (javascript:, data:, ftp:) is refused.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  const candidate = scheme === undefined ? `https://${text.replace(/^\/\//, '')}` : text;
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return fail(`"${text.slice(0, 60)}" is not a web address (it starts with ${scheme}:).`);
  }
  if (!URL.canParse(candidate)) return fail(`"${text.slice(0, 60)}" is not a web address.`);
  const url = new URL(candidate);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(`"${text.slice(0, 60)}" is not a web address.`);
  if (url.username || url.password || url.port) {
    return fail(`"${text.slice(0, 60)}" is not a plain YouTube or Vimeo address (it has a user name, password or port).`);
  }
  const host = url.hostname.toLowerCase();

  if (YOUTUBE_HOSTS.has(host) || YOUTUBE_SHORT_HOSTS.has(host)) {
    const id = youtubeId(url, YOUTUBE_SHORT_HOSTS.has(host));
    if (id === undefined) {
      return fail(`This YouTube link (${url.pathname}) is not a link to one video (a channel, playlist or search is not).`);
    }
    if (!YOUTUBE_ID.test(id)) return fail(`"${id.slice(0, 40)}" is not a YouTube video id (11 letters, digits, - or _).`);
    return { ok: true, video: youtube(id) };
  }
  if (VIMEO_HOSTS.has(host) || VIMEO_PLAYER_HOSTS.has(host)) {
    const found = vimeoIdAndHash(url, VIMEO_PLAYER_HOSTS.has(host));
    if (found === undefined) return fail(`This Vimeo link (${url.pathname}) is not a link to one video.`);
    if (!VIMEO_ID.test(found.id)) return fail(`"${found.id.slice(0, 40)}" is not a Vimeo video number.`);
    if (found.hash !== undefined && !VIMEO_HASH.test(found.hash)) {
      return fail(`"${found.hash.slice(0, 40)}" after the video number is not the private code of an unlisted Vimeo video.`);
    }
    return { ok: true, video: vimeo(found.id, found.hash) };
  }
  return fail(`${host} is not YouTube or Vimeo. Only videos on those two sites can be shown on the site.`);
}

/** The link field: text in the file and in the CMS, a parsed VideoLink in pages. */
export const videoLink = z
  .string({ error: `Expected the video link as text. ${WHAT_TO_PASTE}` })
  .transform((value, ctx) => {
    const result = parseVideoLink(value);
    if (result.ok) return result.video;
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  });

/** A video on a page: a release's or a winning proposal's. */
export const video = z.strictObject({
  /** The video's link on YouTube or Vimeo, as copied from the site (see parseVideoLink for the forms). */
  url: videoLink,
  /**
   * What the video is, e.g. "Team Greenway presents its proposal": the play button says "Play video:
   * <title>" to screen readers, and the player's frame carries it as its title.
   */
  title: requiredText('a title for the video (what it shows, e.g. "Team Greenway presents its proposal")').pipe(
    z.string().max(150, 'Keep the video title under 150 characters: screen readers read it on the play button.'),
  ),
});

export type Video = z.output<typeof video>;
