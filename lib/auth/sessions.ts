import "server-only";
import { randomBytes } from "node:crypto";
import { prisma } from "@/lib/db";

/**
 * Signed-in sessions the server can end. The session cookie is a JWT, valid on its own
 * until it expires; each one also names a row in `Session` (next-auth's adapter table,
 * which JWT sessions otherwise leave empty), and a token whose row is gone is refused.
 * Signing out deletes its row; a changed email deletes the user's other rows.
 */

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** Records a new session for `userId` and returns its id, to be put in the JWT. */
export async function startSession(userId: string): Promise<string> {
  const sessionToken = randomBytes(32).toString("base64url");
  const now = Date.now();
  // Sessions that expired on their own are tidied away when the same user signs in again.
  await prisma.session.deleteMany({ where: { userId, expires: { lt: new Date(now) } } });
  await prisma.session.create({
    data: { sessionToken, userId, expires: new Date(now + SESSION_MAX_AGE_SECONDS * 1000) },
  });
  return sessionToken;
}

export async function isSessionActive(sessionId: string): Promise<boolean> {
  const session = await prisma.session.findUnique({
    where: { sessionToken: sessionId },
    select: { expires: true },
  });
  return !!session && session.expires > new Date();
}

export async function endSession(sessionId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { sessionToken: sessionId } });
}
