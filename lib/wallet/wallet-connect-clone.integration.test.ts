import { afterAll, beforeAll, describe, it } from "vitest";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";
import { walletScenario } from "@/test/support/wallet-scenario";

let world: IntegrationWorld;
let shop: Shop;

beforeAll(async () => {
  process.env.SHARING_STRATEGY = "connect-clone";
  world = await startIntegrationWorld();
  shop = await openShop(world);
});

afterAll(async () => {
  delete process.env.SHARING_STRATEGY;
  await shop?.prisma.$disconnect();
  await world?.close();
});

describe("the shopper's wallet controls (connect-clone)", () => {
  it("hides the saved cards at a switched-off brand, offers them again, removes one everywhere", async () => {
    await walletScenario(world, shop);
  });
});
