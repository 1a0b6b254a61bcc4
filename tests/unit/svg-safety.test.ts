// The allow-list check of SVG files (src/lib/content/svg-safety.ts) on the corpus in tests/fixtures/svg/ and on
// single rules, the baked form of safe artwork, and the check of everything public/ would publish
// (src/lib/content/public-files-fs.ts). What each hostile file does in a browser: tests/e2e/hostile-svg.test.ts.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { glob } from 'tinyglobby';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkPublicFiles } from '../../src/lib/content/public-files-fs.ts';
import { svgProblems } from '../../src/lib/content/svg-safety.ts';
import { bakeableJson } from '../../src/lib/ob3/wallet.ts';
import { bakeSvg } from '../../src/lib/issue/bake-fs.ts';
import { HEADERS_FILE } from '../../src/lib/issue/issue-fs.ts';
import { readSvgCredential } from '../../src/lib/verify/svg.ts';
import { repo } from '../support/build.ts';
import { fixtureText } from '../support/fixtures.ts';
import { hostileFiles, MUST_NAME, safeFiles } from '../support/svg-corpus.ts';

const TOKEN = 'aaa.bbb.ccc';
const SVG = 'xmlns="http://www.w3.org/2000/svg"';
const svg = (body: string, attributes = '') => `<svg ${SVG}${attributes}>${body}</svg>`;

describe('the hostile SVG corpus', () => {
  it('has an expectation for every file, and a file for every expectation', () => {
    expect(hostileFiles()).toEqual(Object.keys(MUST_NAME).sort());
    expect(hostileFiles().length).toBeGreaterThanOrEqual(20);
  });

  it.each(hostileFiles())('%s is refused, naming what is at fault and where', (file) => {
    const problems = svgProblems(fixtureText(`svg/hostile/${file}`));
    expect(problems.length, file).toBeGreaterThan(0);
    const names = MUST_NAME[file]!;
    expect(problems.some((p) => names.every((n) => p.includes(n))), `${file}: ${JSON.stringify(problems, null, 2)}`).toBe(true);
  });

  it('stays refused once baked: baking never launders artwork', () => {
    for (const file of hostileFiles().filter((f) => f !== 'xhtml-root.svg')) {
      expect(svgProblems(bakeSvg(fixtureText(`svg/hostile/${file}`), TOKEN)).length, file).toBeGreaterThan(0);
    }
  });
});

describe('the safe SVG corpus', () => {
  it.each(safeFiles())('%s is accepted', (file) => {
    expect(svgProblems(fixtureText(`svg/safe/${file}`))).toEqual([]);
  });

  it('holds exact copies of the artwork in public/, and its baked form as bakeSvg makes it today', async () => {
    for (const [copy, original] of [['innovation-skills.svg', 'public/badges/innovation-skills.svg'], ['logo.svg', 'public/images/logo.svg'], ['favicon.svg', 'public/favicon.svg']]) {
      expect(fixtureText(`svg/safe/${copy}`), `copy ${original} to tests/fixtures/svg/safe/${copy} again`).toBe(await readFile(path.join(repo, original!), 'utf8'));
    }
    expect(fixtureText('svg/safe/innovation-skills-baked.svg')).toBe(bakeSvg(fixtureText('svg/safe/innovation-skills.svg'), TOKEN));
  });

  it('passes once baked; artwork already holding a credential is refused, never baked again', () => {
    for (const file of safeFiles()) {
      const artwork = fixtureText(`svg/safe/${file}`);
      if (/:credential\b/.test(artwork)) {
        expect(() => bakeSvg(artwork, TOKEN), file).toThrow('The artwork already holds a baked credential');
        continue;
      }
      const baked = bakeSvg(artwork, TOKEN);
      expect(readSvgCredential(baked), file).toEqual({ kind: 'ob3', text: TOKEN });
      expect(svgProblems(baked), file).toEqual([]);
      // The build's form: credential JSON in CDATA, whatever its strings hold.
      const json = bakeableJson(JSON.stringify({ name: ']]></ob:credential><script>alert(1)</script><![CDATA[', note: '{ & }' }));
      const withJson = bakeSvg(artwork, json);
      expect(readSvgCredential(withJson), file).toEqual({ kind: 'ob3', text: json });
      expect(svgProblems(withJson), file).toEqual([]);
      expect(withJson.match(/<[\w.-]+:credential[ >]/g), file).toHaveLength(1);
    }
  });
});

describe('svgProblems, rule by rule', () => {
  it('accepts the parts of a drawing real exports use', () => {
    for (const ok of [
      `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand -->${svg('<rect/>')}`,
      svg('<rect fill="url( \'#a\' ) none" style="fill: url(&quot;#a&quot;); stroke: rgb(1, 2, 3)" transform="rotate(45 10 10) translate(1,2)"/>'),
      svg('<text font-family="\'Open Sans\', Arial">Badge (2026)</text>', ' aria-label="Badge (2026)" xml:space="preserve" xml:lang="en"'),
      svg('<style><![CDATA[ .a { fill: #fff } text { font-weight: 700 } ]]></style><use href="#a"/>'),
      svg('<svg:rect xmlns:svg="http://www.w3.org/2000/svg" width="1"/>'),
      svg('<ob:credential verify="eyJh.eyJi.c2ln"/>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'),
      svg('<ob:credential>\n  <![CDATA[ {"a": "<b>"} ]]>\n</ob:credential>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'),
      svg('<ob:credential>{&quot;a&quot;: &quot;&lt;b&gt;&quot;}</ob:credential>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'),
      svg(`${'<g>'.repeat(90)}<rect/>${'</g>'.repeat(90)}`),
    ]) {
      expect(svgProblems(ok), ok).toEqual([]);
    }
  });

  const refused: [string, string][] = [
    ['<svg/>', 'Line 1: The file\'s root element is <svg> without a namespace: it must be <svg xmlns="http://www.w3.org/2000/svg">.'],
    ['<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n<rect>\n</g>\n</svg>', 'Line 4: The file is not well-formed XML (unexpected close tag). Open it in a drawing program and save it again as "Optimized SVG".'],
    [svg('&nbsp;'), 'Line 1: The file is not well-formed XML (undefined entity).'],
    [svg('<rect/>') + ' trailing text', 'The file is not well-formed XML (text data outside of root node).'],
    ['', 'The file is not well-formed XML (document must contain a root element).'],
    [svg('<rect/>', ' x:onload="1"'), 'The file is not well-formed XML (unbound namespace prefix: "x").'],
    [svg('<g inkscape:label="Layer 1"/>', ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'), 'Line 1: Remove the inkscape:label attribute of <g> (namespace http://www.inkscape.org/namespaces/inkscape): it is editor data, not drawing; save the drawing again as "Optimized SVG"'],
    [svg('<metadata/>'), 'Line 1: Remove the <metadata> element: it holds editor data, not drawing;'],
    [svg('<rect/>', ' xml:base="https://elsewhere.example/"'), 'Line 1: Remove the xml:base attribute of <svg>: it is not one of the drawing, text or accessibility attributes badge artwork may use.'],
    [svg('<rect href="#a"/>'), 'Line 1: Remove the href attribute of <rect>: badge artwork must be a plain drawing, and only gradients, patterns, filters, <use> and <textPath> may refer to other elements.'],
    [svg('<use href=" #a"/>'), 'The href attribute of <use> is " #a": it may only point at an element of this file ("#id").'],
    [svg('<rect style="fill:URL(https://elsewhere.example/p.svg#p)"/>'), 'The style attribute of <rect> contains url(https://elsewhere.example/p.svg#p); only url(#id)'],
    [svg('<rect fill="url(#a"/>'), 'The fill attribute of <rect> contains url(#a); only url(#id)'],
    [svg('<rect style="fill: url/**/(https://elsewhere.example/p.svg)"/>'), 'The style attribute of <rect> contains a parenthesis that is not part of a colour, transform or url(#id).'],
    [svg('<rect aria-label="java&#x0A;script:alert(1)"/>'), 'The aria-label attribute of <rect> contains a javascript: address.'],
    [svg('<rect ONCLICK="alert(1)"/>'), 'Remove the ONCLICK attribute of <rect>: event handlers run script'],
    [svg('<style>rect { fill: red }<g/></style>'), 'Remove the <g> element inside <style>: a <style> element may only hold CSS text.'],
    [svg('<style>rect { background: image-set("x.png" 1x) }</style>'), 'The <style> element contains the CSS function image-set()'],
    [svg('<a><rect onclick="alert(1)"/></a>'), 'Line 1: Remove the onclick attribute of <rect>'],
    [svg('<switch><foreignObject><div xmlns="http://www.w3.org/1999/xhtml"/></foreignObject></switch>'), 'Remove the <switch> element'],
    [svg('<ob:credential verify="a.b.c" id="x"/>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), 'Remove the id attribute of <ob:credential>: a baked credential has only a verify attribute, or credential JSON inside it.'],
    [svg('<ob:credential id="x"><![CDATA[{"a":1}]]></ob:credential>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), 'Remove the id attribute of <ob:credential>'],
    [svg('<ob:credential><![CDATA[alert(1)]]></ob:credential>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), 'The text inside <ob:credential> must be one credential as a JSON object'],
    [svg('<ob:credential>[{"a":1}]</ob:credential>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), 'The text inside <ob:credential> must be one credential as a JSON object'],
    [svg('<ob:credential><![CDATA[{"a":1}]]>{}</ob:credential>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), 'The text inside <ob:credential> must be one credential as a JSON object'],
    [svg('<ob:credential/>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), '<ob:credential> has neither a verify attribute nor credential JSON inside it'],
    [svg('<ob:credential verify="a.b.c">text</ob:credential>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), 'Remove the text inside <ob:credential>'],
    [svg('<ob:credential verify="a.b.c"><rect/></ob:credential>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), 'Remove the <rect> element inside <ob:credential>: a baked credential element has no content.'],
    [svg('<g><ob:credential verify="a.b.c"/></g>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), 'Move or remove the <ob:credential> element: a baked credential sits directly inside the root <svg>.'],
    [svg('<ob:credential verify="javascript:alert(1)"/>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), 'The verify attribute of <ob:credential> must be a compact JWS'],
    [svg('<ob:assertion/>', ' xmlns:ob="https://purl.imsglobal.org/ob/v3p0"'), 'Remove the <ob:assertion> element (namespace https://purl.imsglobal.org/ob/v3p0)'],
    [svg(`${'<g>'.repeat(150)}${'</g>'.repeat(150)}`), 'Line 1: Elements are nested more than 100 deep here: no drawing needs that many groups inside each other.'],
    [svg(`<desc>${'x'.repeat(3 * 1024 * 1024)}</desc>`), 'The file is 3.0 MB; SVG artwork may be at most 2 MB.'],
  ];
  it.each(refused)('refuses %#', (text, message) => {
    const problems = svgProblems(text);
    expect(problems.some((p) => p.includes(message)), JSON.stringify(problems, null, 2)).toBe(true);
  });

  it('lists at most 25 problems, then says more may follow', () => {
    const problems = svgProblems(svg('<a/>'.repeat(1000)));
    expect(problems).toHaveLength(26);
    expect(problems.at(-1)).toBe('More problems may follow: fix these 25 first, then check the file again.');
  });

  it('reads hostile input in time proportional to its length', () => {
    const inputs = [
      svg(`<rect fill="${'url('.repeat(450_000)}"/>`),
      svg(`<rect style="${'a('.repeat(900_000)}"/>`),
      svg(`<rect fill="${'url(#a) '.repeat(200_000)}"/>`),
      svg(`<style>${'.a{fill:url(#a)}'.repeat(120_000)}</style>`),
      svg(`<rect aria-label="${'\t'.repeat(1_900_000)}"/>`),
      svg(`${'<g>'.repeat(99)}${'<rect/>'.repeat(250_000)}${'</g>'.repeat(99)}`),
      svg(`<rect ${Array.from({ length: 100_000 }, (_, i) => `a${i}="1"`).join(' ')}/>`),
      `<!DOCTYPE svg [${'<!ENTITY a "b">'.repeat(100_000)}]>${svg('')}`,
    ];
    for (const text of inputs) {
      expect(text.length).toBeLessThan(2 * 1024 * 1024);
      const started = performance.now();
      svgProblems(text);
      expect(performance.now() - started, text.slice(0, 80)).toBeLessThan(3000);
    }
  });
});

describe('checkPublicFiles', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'mic-public-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const put = async (file: string, bytes: string | Uint8Array) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), bytes);
  };

  it('passes the public/ folder of this repository', async () => {
    expect(await checkPublicFiles(repo)).toEqual([]);
  });

  it('names every hostile SVG anywhere under public/, every upload that is not a photo of its type, and photos left in public/uploads/', async () => {
    const pixel = sharp({ create: { width: 2, height: 2, channels: 3, background: '#0b3d63' } });
    await put('public/badges/ok.svg', fixtureText('svg/safe/innovation-skills.svg'));
    await put('public/badges/evil.svg', fixtureText('svg/hostile/namespaced-script.svg'));
    await put('public/images/deep/Loud.SVG', fixtureText('svg/hostile/event-handler.svg'));
    await put('public/images/map.svgz', 'gzip');
    await put('content/uploads/.gitkeep', '');
    await put('content/uploads/photo.jpg', await pixel.clone().jpeg().toBuffer());
    await put('content/uploads/photo.JPEG', await pixel.clone().jpeg().toBuffer());
    await put('content/uploads/photo.png', await pixel.clone().png().toBuffer());
    await put('content/uploads/photo.webp', await pixel.clone().webp().toBuffer());
    await put('content/uploads/photo.avif', await pixel.clone().avif().toBuffer());
    await put('content/uploads/photo.gif', await pixel.clone().gif().toBuffer());
    await put('content/uploads/leaflet.pdf', '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
    await put('content/uploads/evil.js', "top.pwned = 'uploaded script';");
    await put('content/uploads/page.html', '<script>top.pwned = 1</script>');
    await put('content/uploads/photo.svg', fixtureText('svg/safe/logo.svg'));
    await put('content/uploads/fake.jpg', '<svg onload="alert(1)"/>');
    await put('content/uploads/renamed.jpg', await pixel.clone().png().toBuffer());
    await put('content/uploads/2026/nested.png', 'not a png');
    const upload = 'Only photos (JPEG, PNG, WebP, AVIF, GIF) can be uploaded; remove this file.';
    // A link that would publish a file from anywhere, and a name too long for the image pipeline.
    await symlink(path.join(root, 'public/badges/ok.svg'), path.join(root, 'content/uploads/linked.png'));
    await put(`content/uploads/${'a'.repeat(201)}.jpg`, await pixel.clone().jpeg().toBuffer());
    // A photo left where uploads used to be published as they were.
    await put('public/uploads/.gitkeep', '');
    await put('public/uploads/old-photo.jpg', await pixel.clone().jpeg().toBuffer());
    expect(await checkPublicFiles(root)).toEqual([
      { file: 'content/uploads/2026', field: '', message: 'Move the files of this folder directly into content/uploads/ (the media library has no subfolders), choose them again in the entries that use them, and remove the folder.' },
      { file: `content/uploads/${'a'.repeat(201)}.jpg`, field: '', message: 'The file name is 205 bytes long; the image pipeline needs 200 or fewer (it adds its own suffixes to the name). Rename the file to something shorter, upload it again and choose it again in the entries that use it.' },
      { file: 'content/uploads/evil.js', field: '', message: upload },
      { file: 'content/uploads/fake.jpg', field: '', message: 'The file is named .jpg but its content is not a JPEG file at all. Save it again as JPEG from a photo editor (or give it its real ending), upload it again and remove this file.' },
      { file: 'content/uploads/leaflet.pdf', field: '', message: upload },
      { file: 'content/uploads/linked.png', field: '', message: 'This is a link to another file, not a photo: put the photo itself in the media library (upload it in the CMS) and remove the link.' },
      { file: 'content/uploads/page.html', field: '', message: upload },
      { file: 'content/uploads/photo.svg', field: '', message: 'SVG drawings cannot be uploaded: they can carry script that would run on this site. Export the drawing as PNG or JPEG, upload that instead, and remove this file.' },
      { file: 'content/uploads/renamed.jpg', field: '', message: 'The file is named .jpg but it is really a PNG file. Save it again as JPEG from a photo editor (or give it its real ending), upload it again and remove this file.' },
      { file: 'public/badges/evil.svg', field: '', message: expect.stringContaining('Line 4: Remove the <x:script> element') },
      { file: 'public/images/deep/Loud.SVG', field: '', message: expect.stringContaining('Line 1: Remove the onload attribute of <svg>') },
      { file: 'public/images/map.svgz', field: '', message: 'Compressed SVG (.svgz) cannot be checked for script: save the drawing as a plain .svg file and remove this one.' },
      { file: 'public/uploads/old-photo.jpg', field: '', message: 'Uploads now live in content/uploads/, where they are resized and stripped of camera data before publishing (entries keep writing /uploads/old-photo.jpg). Move the file: git mv public/uploads/old-photo.jpg content/uploads/old-photo.jpg' },
    ]);
  });
});

describe('the _headers rules', () => {
  /** Each rule of the file: its path pattern (Netlify / Cloudflare: `*` matches anything) and its header lines. */
  const rules = HEADERS_FILE.split(/\n(?=\/)/)
    .filter((block) => block.startsWith('/'))
    .map((block) => {
      const [pattern, ...headers] = block.split('\n').filter((line) => line && !line.startsWith('#'));
      const escaped = pattern!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      return { matches: new RegExp(`^${escaped}$`), headers: headers.map((h) => h.trim()) };
    });

  it('sandbox every SVG in public/ and every upload, where a host reads them', async () => {
    const served = [...(await glob('**/*.svg', { cwd: path.join(repo, 'public') })).map((f) => `/${f}`), '/uploads/any.jpg'];
    expect(served).toEqual(expect.arrayContaining(['/badges/innovation-skills.svg', '/images/logo.svg', '/favicon.svg']));
    for (const address of served) {
      const csp = rules.filter((r) => r.matches.test(address)).flatMap((r) => r.headers).filter((h) => h.startsWith('Content-Security-Policy:'));
      expect(csp, address).toContain("Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox");
    }
  });
});
