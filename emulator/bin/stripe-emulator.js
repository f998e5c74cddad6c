#!/usr/bin/env node
// The emulator ships as TypeScript source: tsx compiles each module as it is loaded,
// so the command works wherever the package is installed, with no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
