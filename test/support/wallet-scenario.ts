import { expect } from "vitest";
import type * as Trail from "@/lib/audit/trail";
import type * as Wallet from "@/lib/wallet/wallet";
import type { IntegrationWorld } from "./integration";
import type { Shop } from "./shop";

/**
 * The shopper's wallet controls end to end against the emulator, under whichever sharing
 * strategy the calling test file selected: a switched-off brand's session offers no saved card,
 * a card saved there reaches the brands allowed, switching back offers the cards again, a
 * removed card is offered nowhere, and the trail holds each change.
 */
export async function walletScenario(world: IntegrationWorld, shop: Shop): Promise<void> {
  const wallet: typeof Wallet = await import("@/lib/wallet/wallet");
  const trail: typeof Trail = await import("@/lib/audit/trail");
  const user = await shop.newShopper();
  const me = { id: user.id, role: "shopper" as const };

  const offered = async (brand: string): Promise<string[]> => {
    const session = await shop.createCheckoutSession(user, {
      brand,
      lines: [{ productId: brand === "rides" ? "city-ride" : "grocery-run", quantity: 1 }],
      submissionId: shop.submission(),
    });
    const view = await fetch(
      `${world.emulator.url}/_emulator/checkout/sessions/by-secret/${encodeURIComponent(session.clientSecret)}`,
    );
    const body = (await view.json()) as { saved_payment_methods: { card: { last4: string } }[] };
    return body.saved_payment_methods.map((card) => card.card.last4);
  };
  const buyWithNewCard = async (brand: string, card: string) => {
    const session = await shop.createCheckoutSession(user, {
      brand,
      lines: [{ productId: brand === "rides" ? "city-ride" : "grocery-run", quantity: 2 }],
      submissionId: shop.submission(),
    });
    expect((await shop.pay(session.clientSecret, card, true)).status).toBe(200);
    await shop.checkoutStatus(user, session.sessionId);
  };

  await buyWithNewCard("rides", "4242424242424242");
  expect(await wallet.walletChoices(user.id)).toEqual([
    { slug: "rides", name: "Rocket Rides", offerSavedCards: true },
    { slug: "deliveries", name: "Rocket Deliveries", offerSavedCards: true },
  ]);
  expect(await offered("deliveries")).toEqual(["4242"]);

  await wallet.changeBrandChoice(user.id, me, "deliveries", false);
  // Choosing it twice (a second tab) records one change.
  await wallet.changeBrandChoice(user.id, me, "deliveries", false);
  expect(await offered("deliveries")).toEqual([]);
  // A new card saved at the switched-off brand is the shopper's where they allow it.
  await buyWithNewCard("deliveries", "5555555555554444");
  expect(await offered("deliveries")).toEqual([]);
  // (Each strategy's own rule picks which saved cards a brand offers; the newest is always one.)
  expect(await offered("rides")).toContain("4444");

  await wallet.changeBrandChoice(user.id, me, "deliveries", true);
  expect(await offered("deliveries")).toContain("4444");

  const cards = await (
    await import("@/lib/customers")
  )
    .sharingStrategy()
    .savedCards(
      (await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId ?? "",
    );
  const mastercard = cards.find((card) => card.last4 === "4444");
  await wallet.removeSavedCard(user.id, me, mastercard?.id ?? "");
  await expect(wallet.removeSavedCard(user.id, me, mastercard?.id ?? "")).rejects.toMatchObject({
    status: 404,
  });
  expect(await offered("rides")).toEqual(["4242"]);
  expect(await offered("deliveries")).toEqual(["4242"]);

  const entries = await trail.trailOf(user.id);
  expect(entries.map((entry) => [entry.actor.role, entry.change?.action]).reverse()).toEqual([
    ["shopper", "card.saved"],
    ["shopper", "wallet.brand_changed"],
    ["shopper", "card.saved"],
    ["shopper", "wallet.brand_changed"],
    ["shopper", "card.removed"],
  ]);
  const origins = await trail.cardOrigins(user.id);
  expect([...origins.values()].map((origin) => [origin.card.last4, origin.brand])).toEqual([
    ["4242", "rides"],
  ]);
}
