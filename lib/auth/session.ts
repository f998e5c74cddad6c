import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { connection } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { toRole, type Role } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** The canonical Stripe customer id, read with the user (saves checkout a query). */
  stripeCustomerId?: string | null;
}

/**
 * The signed-in user, read fresh from the database so a deleted account or a
 * changed role takes effect on the next request, not when the JWT expires.
 */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  // Who is signed in is only known per request: never prerender a page that asks.
  await connection();
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const user = await prisma.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, stripeCustomerId: true },
  });
  return user ? { ...user, role: toRole(user.role) } : null;
}

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
