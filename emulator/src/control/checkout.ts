import type { FastifyInstance } from "fastify";
import type { Emulator } from "../server.js";

export function registerCheckoutControlRoutes(_app: FastifyInstance, _emu: Emulator): void {}
