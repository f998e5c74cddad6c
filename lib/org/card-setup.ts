import "server-only";
import { createHash } from "node:crypto";
import type Stripe from "stripe";
import { z } from "zod";
import { recordChange } from "@/lib/audit/trail";
import { sharingStrategy } from "@/lib/customers";
import { ensureCanonicalCustomer, withLiveCustomer, type CustomerOwner } from "@/lib/customers/canonical";
import type { AccountClient, SavedCard } from "@/lib/customers/strategy";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { customerChanged } from "@/lib/customers/data-version";
import { stripeFailure } from "@/lib/stripe/app-error";
import { isResourceMissing } from "@/lib/stripe/errors";
import { idOf } from "@/lib/stripe/ids";
import { printableText } from "@/lib/text";

/** Marks the Checkout Sessions this module creates, so nothing else mistakes them for purchases. */
export const CARD_SETUP_PURPOSE = "admin_add_card";

/** The body of POST /api/org/customers/:id/card-setups. */
export const startCardSetupBodySchema = z.object({
  /** One id per opening of the Add-a-card dialog (made by the browser): a double click opens one form. */
  submissionId: z
    .string({ error: "A submissionId is required." })
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "submissionId must be 8–64 letters, digits, _ or -."),
  /** How the customer agreed to the card being saved, in the admin's words: kept in their trail. */
  consent: printableText(
    z
      .string({ error: "Record how the customer agreed to saving the card." })
      .trim()
      .min(3, "Record how the customer agreed to saving the card (at least 3 characters).")
      .max(300, "Keep the consent under 300 characters."),
  ),
});
export type StartCardSetupBody = z.infer<typeof startCardSetupBodySchema>;

export interface StartedCardSetup {
  sessionId: string;
  clientSecret: string;
}

export interface FinishedCardSetup {
  card: SavedCard;
}

async function ownerOf(userId: string): Promise<CustomerOwner & { stripeCustomerId: string | null }> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, stripeCustomerId: true },
  });
  if (!user) throw new AppError("not_found", "There is no such customer.");
  return user;
}

function setupParams(customerId: string, owner: CustomerOwner, adminId: string, consent: string) {
  const metadata = {
    purpose: CARD_SETUP_PURPOSE,
    rocket_user_id: owner.id,
    rocket_admin_id: adminId,
    rocket_consent: consent,
  };
  return {
    ui_mode: "embedded_page",
    mode: "setup",
    currency: "usd",
    customer: customerId,
    // The dialog stays on the customer page: Checkout calls onComplete instead of redirecting.
    redirect_on_completion: "never",
    metadata,
    setup_intent_data: { metadata },
  } satisfies Stripe.Checkout.SessionCreateParams;
}

/**
 * Opens an embedded Checkout in setup mode for an admin to save a card on the
 * customer's behalf, in the account the canonical customer lives in: the card
 * is then shared with every brand like one the shopper saved at checkout.
 * Creates the canonical customer if the shopper has never paid. The same
 * submission (a double click, a retried request) answers with the same open
 * session; once that session is closed, the submission opens a new one.
 */
export async function startCardSetup(
  userId: string,
  adminId: string,
  { submissionId, consent }: StartCardSetupBody,
): Promise<StartedCardSetup> {
  const owner = await ownerOf(userId);
  const strategy = sharingStrategy();
  const home = strategy.homeAccount();
  const key = createHash("sha256").update(`${adminId}|${userId}|${submissionId}|${consent}`).digest("hex");
  try {
    const { result: session } = await withLiveCustomer(
      strategy,
      owner,
      async (current) => ({ customerId: await ensureCanonicalCustomer(current, home.stripe) }),
      ({ customerId }) =>
        openSetupSession(home.stripe, setupParams(customerId, owner, adminId, consent), key),
    );
    if (!session.client_secret) throw new Error(`Checkout Session ${session.id} has no client secret`);
    return { sessionId: session.id, clientSecret: session.client_secret };
  } catch (error) {
    throw stripeFailure(error, "start card setup");
  }
}

/** Same admin + customer + submission → same idempotency key → Stripe replays the same session. */
async function openSetupSession(
  stripe: Stripe,
  params: ReturnType<typeof setupParams>,
  key: string,
): Promise<Stripe.Checkout.Session> {
  // The customer is part of the key: a replaced customer is a different request.
  const idempotencyKey = `rocket-card-setup-${key}-${params.customer}`;
  const created = await stripe.checkout.sessions.create(params, { idempotencyKey });
  // A replay answers with the first response as it was then: ask for the session as it is now.
  const replayed = created.lastResponse?.headers?.["idempotent-replayed"] === "true";
  const session = replayed ? await stripe.checkout.sessions.retrieve(created.id) : created;
  if (session.status === "open") return session;
  // The admin closed that form (expired) or saved a card with it: this is a new setup.
  return stripe.checkout.sessions.create(params, { idempotencyKey: `${idempotencyKey}-after-${session.id}` });
}

/** One of this module's setup sessions for this customer, in the home account; 404 otherwise. */
async function setupSessionOf(
  userId: string,
  sessionId: string,
): Promise<{ home: AccountClient; customerId: string; session: Stripe.Checkout.Session }> {
  const notOurs = new AppError("not_found", "That card setup is not one of this customer's.");
  const { stripeCustomerId: customerId } = await ownerOf(userId);
  if (!customerId) throw notOurs;
  const home = sharingStrategy().homeAccount();
  let session: Stripe.Checkout.Session;
  try {
    session = await home.stripe.checkout.sessions.retrieve(sessionId, {
      expand: ["setup_intent.payment_method"],
    });
  } catch (error) {
    if (isResourceMissing(error)) throw notOurs;
    throw stripeFailure(error, "read card setup");
  }
  if (
    session.mode !== "setup" ||
    session.metadata?.purpose !== CARD_SETUP_PURPOSE ||
    idOf(session.customer) !== customerId
  ) {
    throw notOurs;
  }
  return { home, customerId, session };
}

/**
 * After the embedded Checkout said it completed: checks with Stripe that the
 * session saved a card for this customer, forgets the dashboard's cached view
 * of their cards and names the new card.
 */
export async function finishCardSetup(userId: string, sessionId: string): Promise<FinishedCardSetup> {
  const { customerId, session } = await setupSessionOf(userId, sessionId);
  await customerChanged(customerId);
  const intent = typeof session.setup_intent === "object" ? session.setup_intent : null;
  const method = intent && typeof intent.payment_method === "object" ? intent.payment_method : null;
  if (session.status !== "complete" || intent?.status !== "succeeded" || !method?.card) {
    throw new AppError("conflict", "The card has not been saved yet: finish the form first.");
  }
  // Who added it and with which consent, as the session recorded them when it was opened.
  await recordChange(
    prisma,
    userId,
    { id: session.metadata?.rocket_admin_id ?? "unknown", role: "admin" },
    {
      action: "card.added",
      card: { id: method.id, brand: method.card.brand, last4: method.card.last4 },
      consent: session.metadata?.rocket_consent ?? "not recorded",
    },
    `card.added:${session.id}`,
  );
  return {
    card: {
      id: method.id,
      brand: method.card.brand,
      last4: method.card.last4,
      expMonth: method.card.exp_month,
      expYear: method.card.exp_year,
    },
  };
}

/**
 * The admin closed the dialog without saving: the session is expired, so its
 * form can no longer save a card. Idempotent; a session that already saved
 * its card is left as it is (the answer says so).
 */
export async function cancelCardSetup(
  userId: string,
  sessionId: string,
): Promise<{ status: "expired" | "complete" }> {
  const { home, customerId, session } = await setupSessionOf(userId, sessionId);
  if (session.status === "complete") {
    await customerChanged(customerId);
    return { status: "complete" };
  }
  if (session.status === "open") {
    try {
      await home.stripe.checkout.sessions.expire(session.id);
    } catch (error) {
      throw stripeFailure(error, "expire card setup");
    }
  }
  return { status: "expired" };
}
