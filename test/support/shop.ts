import Stripe from "stripe";
import type * as CreateSession from "@/lib/checkout/create-session";
import type * as Status from "@/lib/checkout/status";
import type * as Db from "@/lib/db";
import type { IntegrationWorld } from "./integration";

export const RIDES_KEY = "sk_test_rides_emulator_0001";
export const DELIVERIES_KEY = "sk_test_deliveries_emulator_0001";

export interface Shop {
  prisma: typeof Db.prisma;
  createCheckoutSession: typeof CreateSession.createCheckoutSession;
  checkoutStatus: typeof Status.checkoutStatus;
  rides: Stripe;
  deliveries: Stripe;
  newShopper(): Promise<{ id: string; email: string; name: string | null; role: "shopper" }>;
  /** Pays a session the way the embedded Checkout page does. */
  pay(clientSecret: string, card?: string, save?: boolean): Promise<{ status: number; body: unknown }>;
  /** A fresh purchase id, as the browser makes one per cart. */
  submission(): string;
  /**
   * Another tab's session of the same cart, made (in the rides account) while the given one's
   * was being recorded: open in Stripe, and stored as the cart's older checkout.
   */
  racedSession(
    sessionId: string,
    line: { quantity: number; unitAmount: number; name: string },
  ): Promise<Stripe.Checkout.Session>;
}

/** The app's server modules (imported after the world set the environment) and shop helpers. */
export async function openShop(world: IntegrationWorld): Promise<Shop> {
  const port = Number(new URL(world.emulator.url).port);
  const options = { host: "127.0.0.1", port, protocol: "http" as const };
  const prisma = (await import("@/lib/db")).prisma;
  const rides = new Stripe(RIDES_KEY, options);
  let users = 0;
  return {
    prisma,
    createCheckoutSession: (await import("@/lib/checkout/create-session")).createCheckoutSession,
    checkoutStatus: (await import("@/lib/checkout/status")).checkoutStatus,
    rides,
    deliveries: new Stripe(DELIVERIES_KEY, options),
    async newShopper() {
      users += 1;
      const email = `shopper${users}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
      const user = await prisma.user.create({ data: { email, name: `Shopper ${users}` } });
      return { id: user.id, email, name: user.name, role: "shopper" as const };
    },
    pay(clientSecret, card = "4242424242424242", save = true) {
      const sessionId = clientSecret.split("_secret_")[0] ?? "";
      return world.control(`/_emulator/checkout/sessions/${sessionId}/confirm`, {
        client_secret: clientSecret,
        card: { number: card, exp_month: 12, exp_year: 2034, cvc: "123", name: "Jenny Rosen", country: "US" },
        save_payment_method: save,
      });
    },
    submission: () => `sub${Math.random().toString(36).slice(2, 12)}`,
    async racedSession(sessionId, line) {
      const row = await prisma.checkout.findUniqueOrThrow({ where: { id: sessionId } });
      const raced = await rides.checkout.sessions.create({
        ui_mode: "embedded_page",
        mode: "payment",
        customer: row.customerId!,
        line_items: [
          {
            quantity: line.quantity,
            price_data: { currency: "usd", unit_amount: line.unitAmount, product_data: { name: line.name } },
          },
        ],
        return_url: "http://127.0.0.1:9/rides/checkout/return?session_id={CHECKOUT_SESSION_ID}",
      });
      await prisma.checkout.create({
        data: {
          ...row,
          id: raced.id,
          createdAt: new Date(row.createdAt.getTime() - 1),
          updatedAt: undefined,
        },
      });
      return raced;
    },
  };
}
