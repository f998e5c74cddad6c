import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as List from "@/lib/org/customer-list";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { openShop, type Shop } from "@/test/support/shop";

let world: IntegrationWorld;
let shop: Shop;
let list: typeof List;

beforeAll(async () => {
  world = await startIntegrationWorld();
  shop = await openShop(world);
  list = await import("@/lib/org/customer-list");
});

afterAll(async () => {
  await shop?.prisma.$disconnect();
  await world?.close();
});

async function customer(email: string, name: string) {
  const user = await shop.prisma.user.create({
    data: { email, name, stripeCustomerId: `cus_search${Math.random().toString(36).slice(2, 12)}` },
  });
  return user.id;
}

describe("searching customers", () => {
  it("finds the text itself: % and _ are not wildcards, and a backslash is a backslash", async () => {
    const plain = await customer("plain.searcher@example.com", "Plain Searcher");
    const percent = await customer("fifty-percent@example.com", "Fifty 50% Off");
    const underscore = await customer("under_score@example.com", "Under Score");
    const backslash = await customer("back-slash@example.com", "Back\\Slash");
    const found = async (search: string) =>
      (await list.listCustomers({ search })).customers.map((row) => row.id).sort();

    expect(await found("%")).toEqual([percent]);
    expect(await found("50%")).toEqual([percent]);
    expect(await found("_")).toEqual([underscore]);
    expect(await found("r_s")).toEqual([underscore]);
    expect(await found("e_s")).toEqual([]);
    expect(await found("\\")).toEqual([backslash]);
    expect(await found("PLAIN.SEARCHER")).toEqual([plain]);
    const all = await list.listCustomers({ search: "%" });
    expect([all.total, all.pages, all.page]).toEqual([1, 1, 1]);
  });

  it("pages a search newest first", async () => {
    const ids: string[] = [];
    for (let index = 0; index < list.CUSTOMERS_PER_PAGE + 2; index++) {
      ids.push(await customer(`pager-${index}@example.com`, `Pager ${index}`));
    }
    const first = await list.listCustomers({ search: "pager-" });
    const second = await list.listCustomers({ search: "pager-", page: 2 });
    expect([first.total, first.pages, second.page]).toEqual([ids.length, 2, 2]);
    expect([...first.customers, ...second.customers].map((row) => row.id)).toEqual([...ids].reverse());
  });

  it("escapes every LIKE wildcard", () => {
    expect(list.escapeLike("50%_off\\")).toBe("50\\%\\_off\\\\");
  });
});
