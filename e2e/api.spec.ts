import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO_USERS } from "../prisma/demo-users";

// Bad input to every form's endpoint is a clear 4xx, never a 500 or a stack trace.
test.describe("sign-up API", () => {
  const post = (request: APIRequestContext, data: string, type = "application/json") =>
    request.post("/api/auth/signup", { data: Buffer.from(data), headers: { "content-type": type } });

  test("malformed JSON is a 400", async ({ request }) => {
    const response = await post(request, "{not json");
    expect(response.status()).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: "bad_request", message: "The request body is not valid JSON." },
    });
  });

  test("a form-encoded body is a 400 that asks for JSON", async ({ request }) => {
    const response = await post(request, "email=a@b.c", "application/x-www-form-urlencoded");
    expect(response.status()).toBe(400);
    expect((await response.json()).error.message).toMatch(/JSON/);
  });

  test("invalid fields are reported one by one", async ({ request }) => {
    const response = await post(request, JSON.stringify({ name: 42, email: "nope", password: [] }));
    expect(response.status()).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("validation_failed");
    expect(Object.keys(body.error.fields).sort()).toEqual(["email", "name", "password"]);
  });

  test("an oversized body is a 413", async ({ request }) => {
    const response = await post(request, JSON.stringify({ name: "x".repeat(20_000) }));
    expect(response.status()).toBe(413);
  });

  test("a taken email is a 409", async ({ request }) => {
    const response = await post(
      request,
      JSON.stringify({ name: "Dup", email: DEMO_USERS[0].email, password: "dup-password-1" }),
    );
    expect(response.status()).toBe(409);
    expect(JSON.stringify(await response.json())).not.toMatch(/at \w+ \(/);
  });
});

test("health reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(await response.json()).toEqual({ status: "ok" });
});
