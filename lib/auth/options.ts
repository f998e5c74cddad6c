import "server-only";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { NextAuthOptions } from "next-auth";
import type { Adapter } from "next-auth/adapters";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { authorizeCredentials, clientIp } from "@/lib/auth/credentials";
import { verifyPassword } from "@/lib/auth/password";
import { failedSignInLimiter } from "@/lib/auth/failed-sign-ins";
import { toRole } from "@/lib/auth/roles";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";

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

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  cached ??= {
    adapter: PrismaAdapter(prisma) as Adapter,
    secret: env().authSecret,
    // Credentials sign-in only works with JWT sessions in next-auth 4.
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        authorize: (credentials, request) =>
          authorizeCredentials(credentials, clientIp(request.headers ?? {}), {
            findUserByEmail: (email) =>
              prisma.user.findUnique({
                where: { email },
                select: { id: true, email: true, name: true, role: true, passwordHash: true },
              }),
            verifyPassword,
            limiter: failedSignInLimiter(),
          }),
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = toRole((user as { role?: unknown }).role);
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) {
          session.user.id = token.sub;
          session.user.role = toRole(token.role);
        }
        return session;
      },
    },
  };
  return cached;
}
