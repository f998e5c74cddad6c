import { describe, expect, it } from "vitest";
import { issueKnownDevice, knownDeviceId, KNOWN_DEVICE_MAX_AGE_SECONDS } from "@/lib/auth/known-device";

const SECRET = "known-device-test-secret-0123456789abcdef";
const NOW = Date.UTC(2026, 10, 22, 10, 0, 0);

describe("known-device cookies", () => {
  it("recognise the browser for the account it signed in to, and no other", () => {
    const cookie = issueKnownDevice("jenny@example.com", SECRET, NOW);
    const id = knownDeviceId(cookie, "jenny@example.com", SECRET, NOW);
    expect(id).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(knownDeviceId(cookie, "sam@example.com", SECRET, NOW)).toBeNull();
  });

  it("give every sign-in its own id", () => {
    const first = knownDeviceId(
      issueKnownDevice("jenny@example.com", SECRET, NOW),
      "jenny@example.com",
      SECRET,
      NOW,
    );
    const second = knownDeviceId(
      issueKnownDevice("jenny@example.com", SECRET, NOW),
      "jenny@example.com",
      SECRET,
      NOW,
    );
    expect(first).not.toBe(second);
  });

  it("cannot be forged, edited or carried to another deployment", () => {
    const cookie = issueKnownDevice("jenny@example.com", SECRET, NOW);
    const [id, issuedAt, mac] = cookie.split(".");
    expect(knownDeviceId(`${id}x.${issuedAt}.${mac}`, "jenny@example.com", SECRET, NOW)).toBeNull();
    expect(
      knownDeviceId(`${id}.${Number(issuedAt) + 1}.${mac}`, "jenny@example.com", SECRET, NOW),
    ).toBeNull();
    expect(knownDeviceId(cookie, "jenny@example.com", `${SECRET}-other`, NOW)).toBeNull();
    for (const garbage of [undefined, "", "a.b", "a.b.c.d", "..", "x".repeat(5000)]) {
      expect(knownDeviceId(garbage, "jenny@example.com", SECRET, NOW)).toBeNull();
    }
  });

  it("expire after their lifetime", () => {
    const cookie = issueKnownDevice("jenny@example.com", SECRET, NOW);
    const later = NOW + KNOWN_DEVICE_MAX_AGE_SECONDS * 1000;
    expect(knownDeviceId(cookie, "jenny@example.com", SECRET, later - 1000)).not.toBeNull();
    expect(knownDeviceId(cookie, "jenny@example.com", SECRET, later + 1000)).toBeNull();
  });
});
