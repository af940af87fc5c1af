import { ApiError } from './errors';

/**
 * Strings are text: what a caller sends may hold no lone UTF-16 surrogate (which no UTF-8 can carry into
 * Temporal) and no control character (NUL in an id), except tab, line feed and carriage return.
 */
// A high surrogate not followed by a low one, or a low one without a high one before it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** C0 controls (NUL …) and DEL, except tab, line feed and carriage return, which texts may hold. */
const TEXT_CONTROLS_ALLOWED = new Set([0x09, 0x0a, 0x0d]);
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && !TEXT_CONTROLS_ALLOWED.has(code)) || code === 0x7f) return true;
  }
  return false;
}
/** The same rule as a JSON Schema pattern, for the document (api/openapi/document.ts). */
export const CLEAN_TEXT_PATTERN = '^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*$';

/** The first string in `value` that is not clean text, with its path: a lone surrogate or a control. */
function uncleanString(value: unknown, path: string[] = []): { path: string; why: string } | undefined {
  const check = (text: string, at: string[]) => {
    if (LONE_SURROGATE.test(text)) return { path: at.join('.'), why: 'holds a lone UTF-16 surrogate' };
    if (hasControl(text)) return { path: at.join('.'), why: 'holds a control character' };
    return undefined;
  };
  if (typeof value === 'string') return check(value, path);
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = uncleanString(item, [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = check(key, [...path, key]) ?? uncleanString(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Strings are text: a lone surrogate (which no UTF-8 can carry into Temporal) or a control character
 * (NUL in an id) is 422 on its field. Checked on what a route's schema kept (context.ts calls this on
 * each validated body, query and path): a property the schema does not know is dropped, never stored,
 * so it may hold anything, as the document's schemas (which allow unknown properties) say.
 */
export function requireCleanStrings(kept: unknown, where: 'json' | 'query' | 'param' | string): void {
  const found = uncleanString(kept);
  if (!found) return;
  const path = found.path || '(body)';
  const what =
    where === 'json' ? path : `${where === 'param' ? 'path' : where} parameter ${JSON.stringify(path)}`;
  throw new ApiError(422, 'invalid_request', `Invalid request: ${what} ${found.why}`, {
    issues: [{ path, message: found.why }],
  });
}
