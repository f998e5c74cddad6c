import "server-only";
import type { PrismaClient } from "../../generated/sqlite/client";
import { createPrismaClient } from "./create-client";

// The one PrismaClient of the app. In development it is kept on globalThis so that hot reloads reuse
// the connection instead of opening a new one on every edit.
const globalForPrisma = globalThis as typeof globalThis & { rocketPrisma?: PrismaClient };

export const prisma: PrismaClient = globalForPrisma.rocketPrisma ?? createPrismaClient();

if (process.env.NODE_ENV !== "production") globalForPrisma.rocketPrisma = prisma;

export { Prisma } from "../../generated/sqlite/client";

/** A write refused by a unique index (Prisma's P2002): the row is already there. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
export type {
  Account,
  Checkout,
  CustomerClone,
  Order,
  PrismaClient,
  RateLimiterFlexible,
  Session,
  User,
  VerificationToken,
} from "../../generated/sqlite/client";
