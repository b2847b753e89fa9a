// Coupang WING Open API, providers/coupang/README.md (Auth header): the query string is signed as sent, so it is built
// once, in a form no later step (URL parsing, fetch) will rewrite.

/**
 * RFC 3986 encoding of each name and value. encodeURIComponent leaves `!'()*` alone, and the WHATWG URL parser
 * that fetch runs would then percent-encode `'` in a query: the bytes sent would differ from the bytes signed.
 */
function strictEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `a=1&b=x%20y`, in the order given, skipping undefined values. */
export function coupangQuery(params: ReadonlyArray<readonly [string, string | number | undefined]>): string {
  return params
    .filter((entry): entry is readonly [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => `${strictEncode(name)}=${strictEncode(String(value))}`)
    .join('&');
}
