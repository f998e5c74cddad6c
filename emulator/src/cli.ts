import { createEmulator, DEFAULT_WORLD_FILE } from "./server.js";

const emulator = await createEmulator({
  port: Number(process.env["STRIPE_EMULATOR_PORT"] ?? 12111),
  host: process.env["STRIPE_EMULATOR_HOST"] ?? "127.0.0.1",
  dataFile: process.env["STRIPE_EMULATOR_DATA"] ?? ".data/stripe-emulator.sqlite",
  // The default world is found next to this module, whatever the working directory.
  worldFile: process.env["STRIPE_EMULATOR_WORLD"] ?? DEFAULT_WORLD_FILE,
  appUrl: process.env["APP_URL"] ?? "http://localhost:3000",
});
console.log(
  `Stripe emulator listening on ${emulator.url} (world: ${emulator.world.raw.accounts.length} accounts)`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
