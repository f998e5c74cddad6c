/** Ports and URLs of the servers the e2e suite starts (see playwright.config.ts). */
export const E2E_APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 12121);
// A host name, not 127.0.0.1: browsers refuse passkeys (WebAuthn) on an IP address.
export const E2E_APP_URL = `http://localhost:${E2E_APP_PORT}`;
export const E2E_EMULATOR_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}`;
// Per port, so two runs side by side (different E2E_*_PORT) never share state.
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? `file:./.data/e2e-${E2E_APP_PORT}.db`;
export const E2E_EMULATOR_DATA = `.data/e2e-emulator-${E2E_EMULATOR_PORT}.sqlite`;
