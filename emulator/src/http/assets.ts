import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The static files the emulator's own pages load (the embedded Checkout page's, the dashboard's):
 * read once at start-up, answered with an ETag, and cached for good when linked with `?v=<version>`.
 * Only the files named here are served: no part of a request's path reaches the file system.
 */

export interface Asset {
  body: string;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

export function loadAsset(dir: string, file: string): Asset {
  const type = TYPES[path.extname(file)];
  if (!type) throw new Error(`No content type for the asset ${file}.`);
  const body = readFileSync(path.join(dir, file), "utf8");
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"`;
  return { body, type, etag };
}

export class AssetSet {
  /** Changes whenever an asset does: pages link `?v=<version>` so a browser never keeps a stale one. */
  readonly version: string;
  private readonly assets: ReadonlyMap<string, Asset>;

  constructor(dir: string, files: readonly string[]) {
    this.assets = new Map(files.map((file) => [file, loadAsset(dir, file)]));
    this.version = createHash("sha256")
      .update([...this.assets.values()].map((a) => a.etag).join())
      .digest("hex")
      .slice(0, 10);
  }

  get(file: string): Asset | undefined {
    return this.assets.get(file);
  }
}

/** What an asset's answer depends on (a Fastify request is one). */
export interface AssetRequest {
  query: unknown;
  headers: { "if-none-match"?: string | undefined };
}

export interface AssetAnswer {
  status: 200 | 304 | 404;
  headers: Record<string, string>;
  body: string;
}

/** The answer to a GET of an asset, or of a file that is none (`undefined`): 404. */
export function answerAsset(asset: Asset | undefined, req: AssetRequest): AssetAnswer {
  if (!asset)
    return { status: 404, headers: { "content-type": "text/plain; charset=utf-8" }, body: "Not found" };
  // Linked with ?v=<content hash>: cache it for good. A URL without one (stripe.js) must revalidate.
  const versioned = typeof (req.query as Record<string, unknown> | undefined)?.["v"] === "string";
  const headers = {
    "content-type": asset.type,
    "cache-control": versioned ? "public, max-age=31536000, immutable" : "no-cache",
    etag: asset.etag,
    "x-content-type-options": "nosniff",
  };
  if (req.headers["if-none-match"] === asset.etag) return { status: 304, headers, body: "" };
  return { status: 200, headers, body: asset.body };
}
