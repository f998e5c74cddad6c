// No route's path holds a control character, so one is never a real address.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Whether a URL path can name a page: its percent-encoding decodes (`/%ff` does not) to text
 * without control characters (`/%00`: PostgreSQL refuses NUL in text). Any other path is
 * answered with the not-found page before routing (proxy.ts), and names no brand in the header.
 */
export function isWellFormedPath(pathname: string): boolean {
  try {
    return !CONTROL_CHARACTER.test(decodeURIComponent(pathname));
  } catch {
    return false;
  }
}
