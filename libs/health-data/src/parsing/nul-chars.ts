/**
 * PostgreSQL cannot store U+0000 in text or jsonb ("invalid byte sequence", "unsupported Unicode
 * escape sequence"), and jsonb refuses a lone UTF-16 surrogate (which JSON.stringify writes as
 * \udXXX), so such a string must be refused before it reaches a statement; let through, the
 * statement fails and the whole request (or, in the worker, the whole chunk) with it.
 */
export function hasNul(value: string): boolean {
  return value.includes('\u0000');
}

// eslint-disable-next-line no-control-regex -- U+0000 is exactly the character to find
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** U+0000 or a lone surrogate: not storable in jsonb. */
export function hasUnstorable(value: string): boolean {
  return UNSTORABLE.test(value);
}

/** Path of the first key or string value holding U+0000 or a lone surrogate (`metadata.note`, `value.items[2]`), or null. */
export function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasUnstorable(value) ? path || '(item)' : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value)) {
    // The key itself goes into the field path, which is stored: escape it.
    if (hasUnstorable(key)) return `${path ? `${path}.` : ''}${JSON.stringify(key).slice(1, -1)}`;
    const here = path ? `${path}.${key}` : key;
    const found = nulPath(child, here);
    if (found !== null) return found;
  }
  return null;
}
