import "server-only";
import { env } from "@/lib/env";

/**
 * A bad configuration (e.g. production without NEXTAUTH_SECRET) stops the server
 * at start with one clear message, instead of failing on the first request.
 */
export function checkConfiguration(): void {
  try {
    env();
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
