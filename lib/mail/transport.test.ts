import { describe, expect, it } from "vitest";
import { smtpOptions } from "@/lib/mail/transport";

describe("smtpOptions", () => {
  it("speaks TLS from the start to an smtps:// server, with its credentials", () => {
    expect(smtpOptions("smtps://rocket%40mail:p%3Ass@smtp.example.com")).toMatchObject({
      host: "smtp.example.com",
      port: 465,
      secure: true,
      auth: { user: "rocket@mail", pass: "p:ss" },
    });
  });

  it("requires STARTTLS from an smtp:// server elsewhere, so nothing goes out in clear text", () => {
    expect(smtpOptions("smtp://smtp.example.com:2525")).toMatchObject({
      port: 2525,
      secure: false,
      requireTLS: true,
    });
    expect(smtpOptions("smtp://smtp.example.com")).toMatchObject({ port: 587, requireTLS: true });
  });

  it("lets a server on this machine (the mail catcher, a local relay) go without TLS", () => {
    for (const url of ["smtp://127.0.0.1:1025", "smtp://localhost:25", "smtp://[::1]:1025"]) {
      expect(smtpOptions(url)).toMatchObject({ secure: false, requireTLS: false });
    }
    expect(smtpOptions("smtp://[::1]:1025").host).toBe("::1");
    expect(smtpOptions("smtp://127.0.0.1:1025")).not.toHaveProperty("auth");
  });
});
