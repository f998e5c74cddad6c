/**
 * A signed-in caller without a browser: next-auth's credentials sign-in over HTTP, then
 * requests with its session cookie to whichever instance a test names. Every instance
 * shares NEXTAUTH_SECRET, so a session made on one is valid on the other. Requests carry
 * the site's Origin, as the browser does on the app's own pages, and (with `ip`) the
 * X-Forwarded-For a front proxy adds.
 */
export interface HttpClient {
  request(base: string, path: string, init?: { method?: string; json?: unknown }): Promise<Response>;
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0] ?? "");
}

/** The error code next-auth reports for a refused sign-in, or null when it signed in. */
export async function signIn(
  base: string,
  appUrl: string,
  email: string,
  password: string,
  ip?: string,
): Promise<{ client: HttpClient; error: string | null }> {
  const forwarded: Record<string, string> = ip ? { "x-forwarded-for": ip } : {};
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: forwarded });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: jar.join("; "),
      origin: new URL(appUrl).origin,
      ...forwarded,
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const { url } = (await response.json()) as { url: string };
  const error = new URL(url).searchParams.get("error");
  const cookie = [...jar, ...cookiesOf(response)].join("; ");
  return {
    error,
    client: {
      request(target, path, init = {}) {
        return fetch(`${target}${path}`, {
          method: init.method ?? (init.json === undefined ? "GET" : "POST"),
          redirect: "manual",
          headers: {
            cookie,
            origin: new URL(appUrl).origin,
            ...forwarded,
            ...(init.json === undefined ? {} : { "content-type": "application/json" }),
          },
          ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
        });
      },
    },
  };
}
