/**
 * Turns a video facade (VideoEmbed.astro) into the player when the reader presses Play, and only
 * then: before the click the page has made no request to YouTube or Vimeo. The player's address was
 * built at build time from a checked id (src/schemas/video.ts), and the page's Content-Security-Policy
 * lets only those two players into a frame.
 */

/**
 * What the player may do in its frame: run its own script with its own origin's storage (YouTube and
 * Vimeo play nothing without both), cast, and open a link in a new tab (the player's title and logo
 * are links). Not allowed: navigating this page away, forms, modal dialogs, downloads, pointer lock.
 */
export const PLAYER_SANDBOX = 'allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox';

/** What the player may use; autoplay because Play was already pressed once, on the facade. */
export const PLAYER_ALLOW = 'autoplay; fullscreen; picture-in-picture; encrypted-media';

function play(figure: HTMLElement): void {
  const src = figure.dataset['embedSrc'];
  const stage = figure.querySelector('.video-embed__stage');
  if (!src || !stage) return;
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.title = figure.dataset['videoTitle'] ?? 'Video';
  frame.allow = PLAYER_ALLOW;
  frame.allowFullscreen = true;
  frame.setAttribute('sandbox', PLAYER_SANDBOX);
  // YouTube refuses to play in a frame that sends no referrer ("Error 153"); the origin is enough.
  frame.referrerPolicy = 'strict-origin-when-cross-origin';
  stage.replaceChildren(frame);
  figure.dataset['state'] = 'playing';
  // The button the reader pressed is gone: keep keyboard focus where the video is.
  frame.focus();
}

// One listener for every facade on the page, including any added later.
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-video-play]') : null;
  const figure = button?.closest<HTMLElement>('[data-video-embed]');
  if (figure) play(figure);
});
