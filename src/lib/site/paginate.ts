/** Splits a list into numbered pages whose URLs follow the site's scheme: base/, base/page/2/, … */

export interface PageOf<T> {
  /** 1-based page number. */
  number: number;
  /** Total number of pages (at least 1, even for an empty list). */
  total: number;
  items: T[];
  /** URL of this page, ending in a slash. */
  url: string;
  prevUrl?: string;
  nextUrl?: string;
}

/** `base` is the first page's URL and must end in a slash, e.g. "/news/". */
export function pageUrl(base: string, number: number): string {
  return number === 1 ? base : `${base}page/${number}/`;
}

export function paginate<T>(items: readonly T[], size: number, base: string): PageOf<T>[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Page size must be a positive integer, got ${size}`);
  if (!base.endsWith('/')) throw new RangeError(`Base URL must end in "/", got ${base}`);
  const total = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: total }, (_, i) => {
    const number = i + 1;
    return {
      number,
      total,
      items: items.slice(i * size, number * size),
      url: pageUrl(base, number),
      ...(number > 1 ? { prevUrl: pageUrl(base, number - 1) } : {}),
      ...(number < total ? { nextUrl: pageUrl(base, number + 1) } : {}),
    };
  });
}
