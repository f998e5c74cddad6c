import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { cookies } from "next/headers";
import { authorizeCredentials, type SignedInUser } from "@/lib/auth/credentials";
import { failedSignInLimiter } from "@/lib/auth/failed-sign-ins";
import {
  issueKnownDevice,
  KNOWN_DEVICE_MAX_AGE_SECONDS,
  knownDeviceCookieName,
  knownDeviceId,
} from "@/lib/auth/known-device";
import { signInWithPasskey } from "@/lib/auth/passkeys";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { toRole } from "@/lib/auth/roles";
import { endSession, isSessionActive, SESSION_MAX_AGE_SECONDS, startSession } from "@/lib/auth/sessions";
import { sameSiteRedirect } from "@/lib/auth/validation";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { requestClientIp } from "@/lib/rate-limits";

type Provider = NextAuthOptions["providers"][number];

function oauthProviders(): Provider[] {
  const config = env();
  const providers: Provider[] = [];
  if (config.GITHUB_ID && config.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: config.GITHUB_ID, clientSecret: config.GITHUB_SECRET }));
  }
  if (config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET) {
    providers.push(
      GoogleProvider({ clientId: config.GOOGLE_CLIENT_ID, clientSecret: config.GOOGLE_CLIENT_SECRET }),
    );
  }
  return providers;
}

/** Which OAuth buttons the sign-in page shows. */
export function enabledOAuthProviders(): { id: string; name: string }[] {
  return oauthProviders().map((provider) => ({ id: provider.id, name: provider.name }));
}

/**
 * The credentials check inside next-auth's sign-in request: who is asking (address and
 * known-device cookie), and a fresh known-device cookie for the browser once it is in.
 */
async function signInWithPassword(
  credentials: unknown,
  headers: Record<string, string | string[] | undefined>,
): Promise<SignedInUser> {
  const config = env();
  const secure = new URL(config.APP_URL).protocol === "https:";
  const cookieName = knownDeviceCookieName(secure);
  const cookieStore = await cookies();
  const deviceCookie = cookieStore.get(cookieName)?.value;
  const user = await authorizeCredentials(
    credentials,
    {
      ip: requestClientIp(headers),
      knownDeviceFor: (email) => knownDeviceId(deviceCookie, email, config.authSecret),
    },
    {
      findUserByEmail: (email) =>
        prisma.user.findUnique({
          where: { email },
          select: { id: true, email: true, name: true, role: true, passwordHash: true },
        }),
      verifyPassword,
      dummyPasswordHash,
      limiter: failedSignInLimiter(),
    },
  );
  await rememberDevice(user.email);
  return user;
}

/** A fresh known-device cookie for a browser that just signed in to `email`, whichever way. */
async function rememberDevice(email: string): Promise<void> {
  const config = env();
  const secure = new URL(config.APP_URL).protocol === "https:";
  (await cookies()).set(knownDeviceCookieName(secure), issueKnownDevice(email, config.authSecret), {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    maxAge: KNOWN_DEVICE_MAX_AGE_SECONDS,
  });
}

/** The passkey check inside next-auth's sign-in request (see lib/auth/passkeys.ts). */
async function signInWithPasskeyHere(
  credentials: Record<string, unknown> | undefined,
): Promise<SignedInUser> {
  const user = await signInWithPasskey(credentials?.response);
  await rememberDevice(user.email);
  return user;
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  cached ??= {
    adapter: PrismaAdapter(prisma) as Adapter,
    secret: env().authSecret,
    // Credentials sign-in only works with JWT sessions in next-auth 4.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        authorize: (credentials, request) =>
          signInWithPassword(credentials, (request.headers ?? {}) as Record<string, string | undefined>),
      }),
      CredentialsProvider({
        id: "passkey",
        name: "Passkey",
        // The browser's answer to this browser's challenge, as JSON (@simplewebauthn/browser's).
        credentials: { response: { type: "text" } },
        authorize: (credentials) => signInWithPasskeyHere(credentials),
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = toRole((user as { role?: unknown }).role);
          token.sid = await startSession(user.id);
          return token;
        }
        // next-auth's own endpoints (GET /api/auth/session) read the token here. A revoked
        // one is refused, and next-auth answers "no session" and clears the cookie.
        if (!token.sid || !(await isSessionActive(token.sid))) throw new Error("The session was ended.");
        return token;
      },
      // Every redirect next-auth makes (after sign-in, sign-out, OAuth) stays on this site.
      redirect: ({ url, baseUrl }) => sameSiteRedirect(url, baseUrl),
      session({ session, token }) {
        if (session.user && token.sub) {
          session.user.id = token.sub;
          session.user.role = toRole(token.role);
        }
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await endSession(token.sid);
      },
    },
    logger: {
      error(code, metadata) {
        // A revoked or expired session cookie is the visitor's, not the server's, problem.
        if (code === "JWT_SESSION_ERROR") logger.info({ code }, "refused an ended session");
        else logger.error({ code, err: metadata }, "next-auth error");
      },
      warn(code) {
        logger.warn({ code }, "next-auth warning");
      },
      debug(code) {
        logger.debug({ code }, "next-auth debug");
      },
    },
  };
  return cached;
}
