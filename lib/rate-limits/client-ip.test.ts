import { describe, expect, it } from "vitest";
import { clientIp, UNKNOWN_CLIENT } from "@/lib/rate-limits/client-ip";

describe("clientIp", () => {
  it("trusts no forwarding header when no proxy is trusted", () => {
    const headers = new Headers({ "x-forwarded-for": "203.0.113.9", "x-real-ip": "198.51.100.4" });
    expect(clientIp(headers, 0)).toBe(UNKNOWN_CLIENT);
    expect(clientIp({ "x-forwarded-for": "203.0.113.9" }, 0)).toBe(UNKNOWN_CLIENT);
  });

  it("takes the address the one trusted proxy appended, not what the client claimed before it", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "1.2.3.4, 203.0.113.9" }), 1)).toBe("203.0.113.9");
    expect(clientIp({ "x-forwarded-for": "203.0.113.9" }, 1)).toBe("203.0.113.9");
  });

  it("counts N hops from the right through a chain of trusted proxies", () => {
    const headers = { "x-forwarded-for": "6.6.6.6, 198.51.100.7, 10.0.0.2" };
    expect(clientIp(headers, 2)).toBe("198.51.100.7");
    expect(clientIp(headers, 3)).toBe("6.6.6.6");
  });

  it("reads repeated X-Forwarded-For headers as one list", () => {
    expect(clientIp({ "x-forwarded-for": ["6.6.6.6", "203.0.113.9"] }, 1)).toBe("203.0.113.9");
  });

  it("never falls back to X-Real-IP", () => {
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.4" }), 1)).toBe(UNKNOWN_CLIENT);
  });

  it("groups requests whose chain is shorter than the trusted hops, or not an address", () => {
    expect(clientIp({ "x-forwarded-for": "203.0.113.9" }, 2)).toBe(UNKNOWN_CLIENT);
    expect(clientIp({ "x-forwarded-for": "1.2.3.4, not-an-ip" }, 1)).toBe(UNKNOWN_CLIENT);
    expect(clientIp({}, 1)).toBe(UNKNOWN_CLIENT);
  });

  it("normalises ports, brackets and case", () => {
    expect(clientIp({ "x-forwarded-for": "203.0.113.9:51234" }, 1)).toBe("203.0.113.9");
    expect(clientIp({ "x-forwarded-for": "[2001:DB8::1]:443" }, 1)).toBe("2001:db8::1");
    expect(clientIp({ "x-forwarded-for": " 2001:db8::2 " }, 1)).toBe("2001:db8::2");
  });
});
