import type { Request } from "@playwright/test";
import { expect, test } from "./support/fixtures";

/** A request for a page's server-rendered payload: what a Next prefetch (or navigation) fetches. */
function pagePayload(request: Request): string | null {
  const url = new URL(request.url());
  return url.searchParams.has("_rsc") || request.headers()["rsc"] ? url.pathname : null;
}

test("a page view renders no linked page on the server until the visitor points at a link", async ({
  page,
}) => {
  const fetched: string[] = [];
  page.on("request", (request) => {
    const path = pagePayload(request);
    if (path) fetched.push(path);
  });
  await page.goto("/");
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(fetched, "pages fetched before any link was pointed at").toEqual([]);

  const signInFetched = page.waitForRequest((request) => pagePayload(request) === "/signin");
  await page.getByRole("banner").getByRole("link", { name: "Sign in" }).hover();
  await signInFetched;
});
