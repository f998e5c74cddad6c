import "server-only";
import { parseChange, type Actor, type AuditChange, type TrailEntry } from "@/lib/audit/entries";
import { isUniqueViolation, prisma, type Prisma } from "@/lib/db";

type Db = Prisma.TransactionClient;

/** How many entries a page shows, newest first. */
export const TRAIL_LENGTH = 50;

/**
 * Records one change to a shopper's wallet or profile, with the database client the change
 * itself is written with (a transaction's, where it has one), so both commit or neither does.
 * A change that may be reported twice (an order recorded by the return page and by the
 * webhook) passes a `onceKey`: its second report records nothing.
 */
export async function recordChange(
  db: Db,
  userId: string,
  actor: Actor,
  change: AuditChange,
  onceKey?: string,
): Promise<void> {
  const { action, ...detail } = change;
  const data = { userId, actorId: actor.id, actorRole: actor.role, action, detail: JSON.stringify(detail) };
  if (!onceKey) {
    await db.auditEntry.create({ data, select: { id: true } });
    return;
  }
  // Inside a transaction a failed insert would abort it (PostgreSQL): ask first, and let the
  // unique index settle a race between two writers.
  const taken = await db.auditEntry.findUnique({ where: { onceKey }, select: { id: true } });
  if (taken) return;
  try {
    await db.auditEntry.create({ data: { ...data, onceKey }, select: { id: true } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** The shopper's trail, newest first, with the email of each admin who made a change. */
export async function trailOf(userId: string, take = TRAIL_LENGTH): Promise<TrailEntry[]> {
  const rows = await prisma.auditEntry.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
  const actorIds = [...new Set(rows.map((row) => row.actorId))];
  const actors = await prisma.user.findMany({
    where: { id: { in: actorIds } },
    select: { id: true, email: true },
  });
  const emails = new Map(actors.map((actor) => [actor.id, actor.email]));
  return rows.map((row) => ({
    id: row.id,
    at: row.createdAt,
    actor: {
      id: row.actorId,
      role: row.actorRole === "admin" ? "admin" : "shopper",
      email: emails.get(row.actorId) ?? null,
    },
    change: parseChange(row.action, row.detail),
  }));
}

/**
 * Where and when each of the shopper's cards was saved, by card id, from the trail: the newest
 * "saved at checkout" or "added by an admin" entry of each card not removed since.
 */
export async function cardOrigins(userId: string): Promise<Map<string, CardOrigin>> {
  const rows = await prisma.auditEntry.findMany({
    where: { userId, action: { in: ["card.saved", "card.added", "card.removed"] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  const origins = new Map<string, CardOrigin>();
  for (const row of rows) {
    const change = parseChange(row.action, row.detail);
    if (!change) continue;
    if (change.action === "card.removed") forgetCard(origins, change.card);
    else if (change.action === "card.saved")
      origins.set(change.card.id, { card: change.card, brand: change.brand, at: row.createdAt });
    else if (change.action === "card.added")
      origins.set(change.card.id, { card: change.card, brand: null, at: row.createdAt });
  }
  return origins;
}

/**
 * In connect-clone one card is known by more than one id (the platform's card and a brand's
 * copy of it), and the id a purchase recorded may be the copy's: where no origin has the card's
 * id, the origin of the same card (brand and last 4) is its.
 */
function sameCard(origins: Map<string, CardOrigin>, card: CardOrigin["card"]): string | undefined {
  if (origins.has(card.id)) return card.id;
  for (const [id, origin] of origins) {
    if (origin.card.brand === card.brand && origin.card.last4 === card.last4) return id;
  }
  return undefined;
}

function forgetCard(origins: Map<string, CardOrigin>, card: CardOrigin["card"]): void {
  const id = sameCard(origins, card);
  if (id) origins.delete(id);
}

/** Where and when a saved card (as the shopper's card list shows it) was saved, if recorded. */
export function originOf(
  origins: Map<string, CardOrigin>,
  card: { id: string; brand: string; last4: string },
): CardOrigin | undefined {
  const id = sameCard(origins, card);
  return id ? origins.get(id) : undefined;
}

export interface CardOrigin {
  card: { id: string; brand: string | null; last4: string | null };
  /** The brand whose checkout saved it; null: an admin added it for every brand. */
  brand: string | null;
  at: Date;
}
