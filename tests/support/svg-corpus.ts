// The SVG safety corpus (tests/fixtures/svg/, see its README.md): the files, and what the check's refusal of each
// hostile file must name. Shared by the unit test (the check) and the browser test (what each file does raw).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from './fixtures.ts';

export const HOSTILE_DIR = path.join(FIXTURES_DIR, 'svg', 'hostile');
export const SAFE_DIR = path.join(FIXTURES_DIR, 'svg', 'safe');

const svgFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.svg')).sort();
export const hostileFiles = () => svgFiles(HOSTILE_DIR);
export const safeFiles = () => svgFiles(SAFE_DIR);

/** Per hostile file, the texts one of the check's problems must contain: the thing at fault, by its name. */
export const MUST_NAME: Record<string, string[]> = {
  'namespaced-script.svg': ['Line 4', 'Remove the <x:script> element'],
  'xhtml-script.svg': ['Line 4', 'Remove the <html:script> element', 'XHTML'],
  'xhtml-root.svg': ['Line 1', "root element is <html>"],
  'xhtml-iframe.svg': ['Line 4', 'Remove the <iframe> element', 'XHTML'],
  'entity-expanded-script.svg': ['Line 4', 'Remove the DOCTYPE', '&drawing;'],
  'doctype.svg': ['Line 4', 'Remove the DOCTYPE', '&start;'],
  'encoded-javascript-link.svg': ['Line 3', 'Remove the <a> element', 'javascript:'],
  'event-handler.svg': ['Line 1', 'Remove the onload attribute of <svg>', 'event handlers run script'],
  'script-data-href.svg': ['Line 4', 'Remove the <script> element'],
  'foreign-object.svg': ['Line 3', 'Remove the <foreignObject> element'],
  'animate-href.svg': ['Line 4', 'Remove the <animate> element'],
  'set-href.svg': ['Line 4', 'Remove the <set> element'],
  'editor-namespace-event-handler.svg': ['Line 4', 'Remove the <inkscape:layer> element', 'Optimized SVG'],
  'external-reference-href.svg': ['Line 3', 'The href attribute of <use> is "beacon/external-reference-href.svg#shape"', '("#id")'],
  'external-gradient-href.svg': ['Line 3', 'The xlink:href attribute of <linearGradient>', '("#id")'],
  'external-url-in-fill.svg': ['Line 3', 'The fill attribute of <rect> contains url(beacon/external-url-in-fill.svg#paint)', 'only url(#id)'],
  'external-url-in-style.svg': ['Line 1', 'The style attribute of <svg> contains url(beacon/external-url-in-style.png)'],
  'escaped-url-in-style.svg': ['Line 1', 'The style attribute of <svg> contains a backslash'],
  'image-set-in-style.svg': ['Line 1', 'The style attribute of <svg> contains the CSS function image-set()'],
  'css-import-in-style-element.svg': ['Line 3', 'The <style> element contains the at-rule @import'],
  'css-import-in-style-attribute.svg': ['Line 3', 'The style attribute of <rect> contains an @import'],
  'image-element.svg': ['Line 3', 'Remove the <image> element'],
  'data-uri-image.svg': ['Line 3', 'Remove the <image> element', 'data:'],
  'filter-image.svg': ['Line 3', 'Remove the <feImage> element'],
  'xslt-stylesheet.svg': ['Line 2', 'Remove the <?xml-stylesheet …?> processing instruction'],
};
