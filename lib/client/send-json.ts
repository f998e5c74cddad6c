/**
 * Browser-side JSON calls to our route handlers. Every failure becomes one
 * sentence for the form and the first message per field, so no form has to
 * know the error body's shape (see lib/errors.ts).
 */
export type SendResult<T> =
  { ok: true; data: T } | { ok: false; status: number; message: string; fields: Record<string, string> };

const OFFLINE = "We couldn't reach the server. Check your connection and try again.";

export async function sendJson<T>(
  url: string,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  body: unknown,
  fallbackMessage: string,
): Promise<SendResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: OFFLINE, fields: {} };
  }
  const parsed = (await response.json().catch(() => null)) as
    (T & { error?: { message?: string; fields?: Record<string, string[]> } }) | null;
  if (response.ok && parsed) return { ok: true, data: parsed };
  const fields: Record<string, string> = {};
  for (const [key, messages] of Object.entries(parsed?.error?.fields ?? {})) {
    if (messages[0]) fields[key] = messages[0];
  }
  return { ok: false, status: response.status, message: parsed?.error?.message ?? fallbackMessage, fields };
}
