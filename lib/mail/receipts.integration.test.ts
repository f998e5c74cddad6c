import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Receipts from "@/lib/mail/receipts";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { startMailCatcher, type InProcessMailCatcher } from "@/test/support/mail-catcher";
import { openShop, type Shop } from "@/test/support/shop";

let world: IntegrationWorld;
let catcher: InProcessMailCatcher;
let shop: Shop;
let receipts: typeof Receipts;

beforeAll(async () => {
  world = await startIntegrationWorld();
  catcher = await startMailCatcher();
  process.env.SMTP_URL = catcher.smtpUrl;
  shop = await openShop(world);
  receipts = await import("@/lib/mail/receipts");
});

afterAll(async () => {
  await shop?.prisma.$disconnect();
  await catcher?.close();
  await world?.close();
});

/** A recorded order, as the return page or the webhook leaves it. */
async function paidOrder() {
  const user = await shop.newShopper();
  const checkoutId = `cs_test_receipt_${Math.random().toString(36).slice(2, 12)}`;
  const lineItems = JSON.stringify([
    { productId: "city-ride", name: "City ride", quantity: 2, unitAmount: 1850 },
  ]);
  await shop.prisma.checkout.create({
    data: {
      id: checkoutId,
      userId: user.id,
      brand: "rides",
      account: "acct_1RocketRides00001",
      strategy: "organization",
      lineItems,
      amountTotal: 3700,
      currency: "usd",
      status: "complete",
    },
  });
  const order = await shop.prisma.order.create({
    data: {
      userId: user.id,
      checkoutId,
      brand: "rides",
      account: "acct_1RocketRides00001",
      amountTotal: 3700,
      currency: "usd",
      lineItems,
      cardBrand: "visa",
      cardLast4: "4242",
    },
  });
  return { user, checkoutId, order };
}

const mailTo = async (email: string) => (await catcher.messages()).filter((mail) => mail.to.includes(email));

describe("the receipt email", () => {
  it("goes out once however many callers record the order at the same time", async () => {
    const { user, checkoutId, order } = await paidOrder();
    await Promise.all(Array.from({ length: 6 }, () => receipts.sendReceiptForCheckout(checkoutId)));
    await receipts.sendReceiptForCheckout(checkoutId);

    const sent = await mailTo(user.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toMatch(/^Your receipt from Rocket Rides, order RC-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect(sent[0]!.text).toContain("City ride × 2  $37.00");
    expect(sent[0]!.text).toContain(`/orders/${order.id}`);
    const stored = await shop.prisma.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(stored.receiptSentAt).toBeInstanceOf(Date);
  });

  it("gives the claim back when the mail server refuses, so the next caller sends it", async () => {
    const { user, checkoutId, order } = await paidOrder();
    // An address the SMTP conversation refuses: the send fails after the claim.
    await shop.prisma.user.update({ where: { id: user.id }, data: { email: "not an address" } });
    await receipts.sendReceiptForCheckout(checkoutId);
    expect((await shop.prisma.order.findUniqueOrThrow({ where: { id: order.id } })).receiptSentAt).toBeNull();

    await shop.prisma.user.update({ where: { id: user.id }, data: { email: user.email } });
    await receipts.sendReceiptForCheckout(checkoutId);
    expect(await mailTo(user.email)).toHaveLength(1);
  });
});
