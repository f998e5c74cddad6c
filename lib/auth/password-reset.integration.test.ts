import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as PasswordReset from "@/lib/auth/password-reset";
import type * as Sessions from "@/lib/auth/sessions";
import type * as Password from "@/lib/auth/password";
import { hashResetToken } from "@/lib/auth/password-reset-token";
import { startIntegrationWorld, type IntegrationWorld } from "@/test/support/integration";
import { startMailCatcher, type InProcessMailCatcher } from "@/test/support/mail-catcher";
import { openShop, type Shop } from "@/test/support/shop";

let world: IntegrationWorld;
let catcher: InProcessMailCatcher;
let shop: Shop;
let reset: typeof PasswordReset;
let sessions: typeof Sessions;
let password: typeof Password;

beforeAll(async () => {
  world = await startIntegrationWorld();
  catcher = await startMailCatcher();
  process.env.SMTP_URL = catcher.smtpUrl;
  shop = await openShop(world);
  reset = await import("@/lib/auth/password-reset");
  sessions = await import("@/lib/auth/sessions");
  password = await import("@/lib/auth/password");
});

afterAll(async () => {
  await shop?.prisma.$disconnect();
  await catcher?.close();
  await world?.close();
});

const NEW_PASSWORD = "lantern-saffron-glacier-8";

/** Asks for a link and returns the token the mail carries. */
async function emailedToken(email: string): Promise<string> {
  const before = (await catcher.messages()).length;
  await reset.requestPasswordReset({ email });
  await expect.poll(async () => (await catcher.messages()).length, { timeout: 10_000 }).toBe(before + 1);
  const mail = (await catcher.messages()).at(-1)!;
  expect(mail.to).toEqual([email]);
  const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(mail.text)?.[0] ?? "";
  return new URL(link).searchParams.get("token") ?? "";
}

describe("forgotten-password links", () => {
  it("mails a link whose token is stored only as its hash, and nothing for an unknown email", async () => {
    const user = await shop.newShopper();
    const token = await emailedToken(user.email);
    const stored = await shop.prisma.passwordResetToken.findMany({ where: { userId: user.id } });
    expect(stored.map((row) => row.tokenHash)).toEqual([hashResetToken(token)]);
    expect(JSON.stringify(stored)).not.toContain(token);

    const tokensBefore = await shop.prisma.passwordResetToken.count();
    await expect(reset.requestPasswordReset({ email: "nobody-here@example.com" })).resolves.toBeUndefined();
    expect(await shop.prisma.passwordResetToken.count()).toBe(tokensBefore);
  });

  it("sets the password once, ends every session and every other link, even with two uses racing", async () => {
    const user = await shop.newShopper();
    const phone = await sessions.startSession(user.id);
    const first = await emailedToken(user.email);
    const second = await emailedToken(user.email);

    const outcomes = await Promise.allSettled([
      reset.resetPassword({ token: first, password: NEW_PASSWORD }),
      reset.resetPassword({ token: first, password: NEW_PASSWORD }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((outcome) => outcome.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ message: reset.RESET_LINK_UNUSABLE });

    const stored = await shop.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await password.verifyPassword(stored.passwordHash!, NEW_PASSWORD)).toBe(true);
    expect(await sessions.isSessionActive(phone)).toBe(false);
    // The other link died with the old password.
    expect(await reset.isResetTokenUsable(second)).toBe(false);
    await expect(reset.resetPassword({ token: second, password: NEW_PASSWORD })).rejects.toMatchObject({
      message: reset.RESET_LINK_UNUSABLE,
    });
  });

  it("refuses an expired link, and a guessable password without using the link up", async () => {
    const user = await shop.newShopper();
    const token = await emailedToken(user.email);
    await expect(reset.resetPassword({ token, password: "password1234" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    expect(await reset.isResetTokenUsable(token)).toBe(true);

    await shop.prisma.passwordResetToken.updateMany({
      where: { userId: user.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await reset.isResetTokenUsable(token)).toBe(false);
    await expect(reset.resetPassword({ token, password: NEW_PASSWORD })).rejects.toMatchObject({
      message: reset.RESET_LINK_UNUSABLE,
    });
  });
});
