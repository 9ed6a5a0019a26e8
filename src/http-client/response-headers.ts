/** Lower-cased names; repeated headers joined with ", " (RFC 9110 §5.3). */
export function flattenHeaders(
  raw: Record<string, string | string[] | undefined>,
): Record<string, string> {
  // undici already lower-cases names; when no header repeats the object is already flat.
  if (isFlat(raw)) return raw;
  const headers: Record<string, string> = {};
  // Keys, not entries: no [name, value] pair allocated per header on every response.
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** True when every header has one value under a lower-case name (nothing to rewrite). */
function isFlat(raw: Record<string, string | string[] | undefined>): raw is Record<string, string> {
  for (const name of Object.keys(raw)) {
    // toLowerCase returns the same string when there is nothing to lower: no allocation.
    if (typeof raw[name] !== 'string' || name.toLowerCase() !== name) return false;
  }
  return true;
}
