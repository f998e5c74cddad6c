export { createEmulator, DEFAULT_WORLD_FILE, type Emulator, type EmulatorOptions } from "./server.js";
export { signatureHeader } from "./webhooks/signing.js";
