import type { FastifyInstance } from "fastify";
import { invalid } from "../domain/errors.js";
import type { ControlEnv } from "./env.js";
import { faultsBodySchema } from "./faults.js";
import { registerCheckoutControlRoutes } from "./checkout.js";
import { guardControlRoutes } from "./guard.js";

/**
 * The emulator's own API under /_emulator (no keys: a local test tool). Bodies are JSON;
 * which browsers may call it is decided in guard.ts.
 */
export function registerControlRoutes(app: FastifyInstance, emu: ControlEnv): void {
  guardControlRoutes(app, emu);
  const started = Date.now();
  app.get("/_emulator/health", async () => ({
    ok: true,
    uptime_ms: Date.now() - started,
    accounts: emu.world.raw.accounts.length,
  }));

  app.get("/_emulator/world", async () => emu.world.describe());

  app.post("/_emulator/reset", async () => {
    await emu.reset();
    return { ok: true };
  });

  app.get("/_emulator/faults", async () => ({ rules: emu.faults.list() }));
  app.post("/_emulator/faults", async (req) => {
    const parsed = faultsBodySchema.safeParse(req.body);
    if (!parsed.success) {
      throw invalid(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    }
    emu.faults.set(parsed.data.rules);
    return { rules: emu.faults.list() };
  });
  app.delete("/_emulator/faults", async () => {
    emu.faults.clear();
    return { rules: [] };
  });

  app.post("/_emulator/webhooks/deliver", async () => {
    const attempts = await emu.deliverer.deliverNow();
    return {
      delivered: attempts.filter((a) => a.ok).length,
      failed: attempts.filter((a) => !a.ok).length,
      attempts,
    };
  });
  app.get("/_emulator/webhooks/deliveries", async (req) => {
    const q = req.query as Record<string, unknown>;
    const limit = Math.min(1000, Math.max(1, Number(q["limit"] ?? 100) || 100));
    return { data: emu.deliverer.attempts(limit) };
  });

  registerCheckoutControlRoutes(app, emu);
}
