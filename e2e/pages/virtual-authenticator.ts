import type { CDPSession, Page } from "@playwright/test";

/**
 * A passkey-capable device for the browser under test: Chrome's virtual authenticator
 * (DevTools Protocol `WebAuthn` domain), built in, holding discoverable credentials, and
 * answering every prompt as if the user touched it and was verified.
 */
export class VirtualAuthenticator {
  private constructor(
    private readonly cdp: CDPSession,
    private readonly authenticatorId: string,
  ) {}

  static async attach(page: Page): Promise<VirtualAuthenticator> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    return new VirtualAuthenticator(cdp, authenticatorId);
  }

  /** The passkeys the device holds, with the signature count of each. */
  async credentials(): Promise<{ rpId: string; signCount: number }[]> {
    const { credentials } = await this.cdp.send("WebAuthn.getCredentials", {
      authenticatorId: this.authenticatorId,
    });
    return credentials.map(({ rpId = "", signCount }) => ({ rpId, signCount }));
  }

  async detach(): Promise<void> {
    await this.cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: this.authenticatorId });
    await this.cdp.detach();
  }
}
