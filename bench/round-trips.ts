/**
 * Stripe round trips on the checkout path, in both sharing strategies: how many Stripe calls
 * `createCheckoutSession` makes one after the other (each waits for the one before) and in all,
 * for a shopper's first purchase, their first purchase at another brand, and a repeat purchase
 * at the same brand; under connect-clone also the first purchase at another brand when the
 * saved card's webhook has not been handled yet (the inline clone). Target: 1 call on the
 * repeat paths in both strategies.
 *
 * Every Stripe API call is delayed by the emulator (a fault rule with `delayMs`), so the time a
 * checkout takes, divided by the delay and rounded down (our own work takes well under one
 * delay), is the number of sequential calls; the rule's count of
 * matched requests is the total. Webhooks reach the app's route as in production (the emulator
 * delivers them to a local server that hands them to the route handler), with no delay.
 *
 *   node --conditions=react-server --import tsx bench/round-trips.ts [--shoppers 5] [--delay 250]
 *
 * Each strategy runs in a child process of its own (the app reads its environment once).
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { startIntegrationWorld } from "../test/support/integration";
import { openShop, type Shop } from "../test/support/shop";
import { startWebhookSink } from "../test/support/webhook-sink";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const SHOPPERS = option("shoppers", 5);
const DELAY_MS = option("delay", 250);
const STRATEGIES = ["organization", "connect-clone"] as const;
const REPORT = "ROUND_TRIPS ";

type Path =
  | "first purchase"
  | "first purchase at another brand"
  | "repeat purchase, same brand"
  | "switched off"
  | "switched back on"
  | "inline";

const PATH_LABELS: Record<Path, string> = {
  "first purchase": "first purchase (new shopper)",
  "first purchase at another brand": "first purchase at another brand",
  "repeat purchase, same brand": "repeat purchase at the same brand",
  "switched off": "at a brand the shopper switched off",
  "switched back on": "at that brand once switched back on",
  inline: "  … before the card's webhook is handled",
};

interface Figure {
  sequential: number;
  total: number;
  ms: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function measureStrategy(): Promise<Partial<Record<Path, Figure>>> {
  // The app's webhook endpoint: the route handler (imported once the world has set the
  // environment), closed (503, so the emulator retries later) unless `delivered()` runs.
  let POST: ((request: Request) => Promise<Response>) | null = null;
  let open = false;
  const sink = await startWebhookSink(() => (open ? POST : null));
  const world = await startIntegrationWorld({ appUrl: sink.url });
  const shop = await openShop(world);
  POST = (await import("../app/api/webhooks/stripe/route")).POST;
  const { changeBrandChoice } = await import("../lib/wallet/wallet");
  const delivered = async () => {
    open = true;
    try {
      await world.emulator.deliverer.deliverNow();
    } finally {
      open = false;
    }
  };

  type Shopper = Awaited<ReturnType<Shop["newShopper"]>> & { stripeCustomerId?: string | null };
  const product = { rides: "city-ride", deliveries: "grocery-run" } as const;
  /** One checkout with every Stripe call delayed; `record` false for the warm-up. */
  const checkout = async (user: Shopper, brand: keyof typeof product) => {
    // As the route sees the user: getCurrentUser reads the canonical customer id with them.
    const { stripeCustomerId } = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    world.emulator.faults.set([{ path: "/v1/*", rate: 1, delayMs: DELAY_MS }]);
    const start = performance.now();
    try {
      const session = await shop.createCheckoutSession(
        { ...user, stripeCustomerId },
        { brand, lines: [{ productId: product[brand], quantity: 1 }], submissionId: shop.submission() },
      );
      const ms = performance.now() - start;
      const [rule] = world.emulator.faults.list() as { applied: number }[];
      return { session, figure: { sequential: Math.floor(ms / DELAY_MS), total: rule?.applied ?? 0, ms } };
    } finally {
      world.emulator.faults.clear();
    }
  };
  const pay = async (user: Shopper, clientSecret: string, sessionId: string) => {
    await shop.pay(clientSecret);
    await shop.checkoutStatus(user, sessionId);
  };

  const samples: Partial<Record<Path, Figure[]>> = {};
  const record = (path: Path, figure: Figure) => (samples[path] ??= []).push(figure);
  for (let round = -1; round < SHOPPERS; round++) {
    const keep = round >= 0 ? record : () => undefined; // the first shopper warms the code paths
    const user: Shopper = await shop.newShopper();
    const first = await checkout(user, "rides");
    keep("first purchase", first.figure);
    await pay(user, first.session.clientSecret, first.session.sessionId);
    await delivered();
    const other = await checkout(user, "deliveries");
    keep("first purchase at another brand", other.figure);
    await pay(user, other.session.clientSecret, other.session.sessionId);
    keep("repeat purchase, same brand", (await checkout(user, "rides")).figure);
    // The shopper's wallet choices: a brand switched off, then on again (no delay on the switch).
    const self = { id: user.id, role: "shopper" as const };
    await changeBrandChoice(user.id, self, "deliveries", false);
    const hidden = await checkout(user, "deliveries");
    keep("switched off", hidden.figure);
    // Bought there with a new card, saved: it reaches only the brands the shopper allows.
    await pay(user, hidden.session.clientSecret, hidden.session.sessionId);
    await delivered();
    await changeBrandChoice(user.id, self, "deliveries", true);
    keep("switched back on", (await checkout(user, "deliveries")).figure);

    // The same first purchase at another brand, before the saved card's webhook arrives.
    const early: Shopper = await shop.newShopper();
    const bought = await checkout(early, "rides");
    await pay(early, bought.session.clientSecret, bought.session.sessionId);
    keep("inline", (await checkout(early, "deliveries")).figure);
    await delivered();
  }
  await shop.prisma.$disconnect();
  await world.close();
  await sink.close();
  const figures: Partial<Record<Path, Figure>> = {};
  for (const [path, list] of Object.entries(samples) as [Path, Figure[]][]) {
    figures[path] = {
      sequential: median(list.map((figure) => figure.sequential)),
      total: median(list.map((figure) => figure.total)),
      ms: median(list.map((figure) => figure.ms)),
    };
  }
  return figures;
}

if (process.env.ROUND_TRIPS_CHILD === "1") {
  console.log(`${REPORT}${JSON.stringify(await measureStrategy())}`);
  process.exit(0);
}

const results = STRATEGIES.map((strategy) => {
  const child = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", fileURLToPath(import.meta.url), ...args],
    {
      encoding: "utf8",
      env: { ...process.env, SHARING_STRATEGY: strategy, ROUND_TRIPS_CHILD: "1" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const line = child.stdout.split("\n").find((candidate) => candidate.startsWith(REPORT));
  if (child.status !== 0 || !line) {
    process.stdout.write(child.stdout);
    throw new Error(`the ${strategy} run failed (exit ${child.status ?? "signal"})`);
  }
  return { strategy, figures: JSON.parse(line.slice(REPORT.length)) as Partial<Record<Path, Figure>> };
});

console.log(
  `\nStripe calls on the checkout path (sequential / total, median of ${SHOPPERS} shoppers; ` +
    `${DELAY_MS} ms injected per call)\n`,
);
console.log(`  ${"".padEnd(44)} ${STRATEGIES.map((strategy) => strategy.padStart(26)).join("")}`);
for (const path of Object.keys(PATH_LABELS) as Path[]) {
  const cells = results.map(({ figures }) => {
    const figure = figures[path];
    return (figure ? `${figure.sequential} / ${figure.total} (${figure.ms.toFixed(0)} ms)` : "—").padStart(
      26,
    );
  });
  console.log(`  ${PATH_LABELS[path].padEnd(44)} ${cells.join("")}`);
}
const repeatPaths: Path[] = [
  "first purchase at another brand",
  "repeat purchase, same brand",
  "switched off",
  "switched back on",
];
const met = results.every(({ figures }) => repeatPaths.every((path) => figures[path]?.sequential === 1));
console.log(`\n  1 sequential call on the repeat paths in both strategies: ${met ? "met" : "NOT met"}`);
