/** The keys of an XFCC element; `URI` and `DNS` may repeat, the others may not. */
const KEYS = new Set(['by', 'hash', 'cert', 'chain', 'subject', 'uri', 'dns']);
const REPEATABLE = new Set(['uri', 'dns']);

/** One element of the header: its values by lower-case key (the last of a repeated one). */
export type XfccElement = ReadonlyMap<string, string>;

/**
 * Envoy's `X-Forwarded-Client-Cert`: elements separated by `,`, each `Key=Value` pairs separated
 * by `;`, a value quoted when it holds one of `,;=` (`\"` inside quotes is a quote). Read
 * strictly, as a caller may write the header's first elements: an unknown or repeated key, an
 * unbalanced quote, a quote inside an unquoted value or anything but `;`, `,` or the end after a
 * closing quote makes the whole header out of form (`undefined`), so no element can swallow the
 * proxy's.
 */
export function parseXfcc(header: string): XfccElement[] | undefined {
  const elements: XfccElement[] = [];
  let element = new Map<string, string>();
  let index = 0;
  for (;;) {
    const equals = header.indexOf('=', index);
    if (equals < 0) return undefined;
    const key = header.slice(index, equals).trim().toLowerCase();
    if (!KEYS.has(key) || (element.has(key) && !REPEATABLE.has(key))) return undefined;
    const read = readValue(header, equals + 1);
    if (read === undefined) return undefined;
    element.set(key, read.value);
    if (read.end >= header.length) return [...elements, element];
    if (header[read.end] === ',') {
      elements.push(element);
      element = new Map();
    }
    index = read.end + 1;
  }
}

/** The value starting at `start`, and where its separator (or the end) is. */
function readValue(header: string, start: number): { value: string; end: number } | undefined {
  if (header[start] !== '"') {
    let end = start;
    while (end < header.length && header[end] !== ';' && header[end] !== ',') end += 1;
    const value = header.slice(start, end);
    return value.includes('"') ? undefined : { value: value.trim(), end };
  }
  let value = '';
  for (let index = start + 1; index < header.length; index += 1) {
    if (header[index] === '\\') {
      if (index + 1 >= header.length) return undefined;
      index += 1;
      value += header[index];
    } else if (header[index] !== '"') {
      value += header[index];
    } else {
      let end = index + 1;
      while (header[end] === ' ') end += 1;
      return end >= header.length || header[end] === ';' || header[end] === ','
        ? { value, end }
        : undefined;
    }
  }
  return undefined;
}
