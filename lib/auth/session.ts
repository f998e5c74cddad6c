import "server-only";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { toRole, type Role } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** The canonical Stripe customer id, read with the user (saves checkout a query). */
  stripeCustomerId?: string | null;
  /** The signed-in session this request belongs to (see lib/auth/sessions.ts). */
  sessionId?: string;
}

// next-auth's session cookie: `__Secure-` on HTTPS, split into `.0`, `.1`, … when large.
const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

function sessionCookie(all: { name: string; value: string }[]): string | undefined {
  for (const base of SESSION_COOKIES) {
    const whole = all.find((cookie) => cookie.name === base);
    if (whole) return whole.value;
    const chunks = all
      .map((cookie) => ({ index: Number(/^\.(\d{1,2})$/.exec(cookie.name.slice(base.length))?.[1]), cookie }))
      .filter(({ index, cookie }) => cookie.name.startsWith(base) && Number.isInteger(index))
      .sort((a, b) => a.index - b.index);
    if (chunks.length > 0) return chunks.map(({ cookie }) => cookie.value).join("");
  }
  return undefined;
}

/** The session id in this request's session cookie, when the cookie is genuine and unexpired. */
async function currentSessionId(): Promise<string | null> {
  const token = sessionCookie((await cookies()).getAll());
  if (!token) return null;
  try {
    const payload = await decode({ token, secret: env().authSecret });
    return typeof payload?.sid === "string" ? payload.sid : null;
  } catch {
    // Forged, from another secret, or expired: simply not signed in.
    return null;
  }
}

/**
 * The signed-in user, read fresh from the database on every request, with the session
 * the cookie names: a signed-out or revoked session, a deleted account or a changed
 * role take effect on the next request, not when the JWT expires. React's `cache` makes it
 * one cookie decode and one query per server request, however many layouts, pages and
 * components ask (the header and the page both do).
 */
export const getCurrentUser = cache(async function getCurrentUser(): Promise<CurrentUser | null> {
  // Who is signed in is only known per request: never prerender a page that asks.
  await connection();
  const sessionId = await currentSessionId();
  if (!sessionId) return null;
  const session = await prisma.session.findUnique({
    where: { sessionToken: sessionId },
    select: {
      expires: true,
      user: { select: { id: true, email: true, name: true, role: true, stripeCustomerId: true } },
    },
  });
  if (!session || session.expires <= new Date()) return null;
  return { ...session.user, role: toRole(session.user.role), sessionId };
});

function signInPath(returnTo: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(returnTo)}`;
}

/** For pages: a visitor is sent to sign-in and brought back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(signInPath(returnTo));
  return user;
}

/** For pages: visitors sign in first; signed-in non-admins get the 403 page. */
export async function requireAdmin(returnTo: string): Promise<CurrentUser> {
  const user = await requireUser(returnTo);
  if (user.role !== "admin") forbidden();
  return user;
}

/** For route handlers: 401 JSON for visitors. */
export async function requireApiUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
  return user;
}

/** For route handlers: 401 for visitors, 403 for shoppers. */
export async function requireApiAdmin(): Promise<CurrentUser> {
  const user = await requireApiUser();
  if (user.role !== "admin") throw new AppError("forbidden", "Only organization admins can do that.");
  return user;
}
