import { z } from "zod";
import { printableText } from "@/lib/text";

/** Form rules shared by the sign-up/sign-in forms (client) and the server. */

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address, like jenny@example.com."))
  .transform((email) => email.toLowerCase());

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Why a password breaks the rules the form can check as the shopper types, or null.
 * How guessable it is (dictionaries, names, patterns) is judged on the server only,
 * in `password-strength.ts`, so the estimator's word lists never reach a browser.
 */
export function passwordWeakness(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`;
  }
  if (!/[a-z]/i.test(password) || !/[^a-z]/i.test(password)) {
    return "Mix letters with at least one number or symbol.";
  }
  return null;
}

export const newPasswordSchema = z.string({ error: "Choose a password." }).superRefine((password, ctx) => {
  const weakness = passwordWeakness(password);
  if (weakness) ctx.addIssue({ code: "custom", message: weakness });
});

export const signUpSchema = z.object({
  name: printableText(
    z
      .string({ error: "Enter your name." })
      .trim()
      .min(1, "Enter your name.")
      .max(80, "Use at most 80 characters for your name."),
  ),
  email: emailSchema,
  password: newPasswordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_MAX_LENGTH, "That password is too long."),
});
export type SignInInput = z.infer<typeof signInSchema>;

/**
 * Codes the credentials provider throws; next-auth passes them to the client
 * as `?error=<code>`, and the sign-in form turns them into sentences. An unknown
 * email, a wrong password and an account without a password share one code, so
 * the answer never tells whether an account exists.
 */
export const SIGN_IN_ERRORS = {
  InvalidInput: "Enter your email address and password.",
  InvalidCredentials: "That email and password don't match an account. Check them and try again.",
  TooManyAttempts: "Too many failed sign-in attempts. Wait a few minutes and try again.",
} as const;
export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return Object.hasOwn(SIGN_IN_ERRORS, code)
    ? SIGN_IN_ERRORS[code as SignInErrorCode]
    : "We couldn't sign you in. Please try again.";
}

// Browsers drop tabs and newlines from URLs and read some non-ASCII as other
// characters, so "/\t/evil.example" becomes "//evil.example": refuse them outright.
const OUTSIDE_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/**
 * Where to go after signing in: a path on this site (`siteUrl`'s origin), or
 * `fallback`. The value is resolved the way a browser would resolve it, and
 * only a same-origin result whose path cannot be read as another host is kept.
 */
export function safeCallbackPath(value: string | null | undefined, siteUrl: string, fallback = "/"): string {
  if (!value || OUTSIDE_PRINTABLE_ASCII.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, siteUrl);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(siteUrl).origin) return fallback;
  // "/.//evil.example" resolves to the path "//evil.example": a protocol-relative URL.
  if (url.pathname.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** next-auth's `redirect` callback: every redirect it makes stays on `baseUrl`. */
export function sameSiteRedirect(url: string, baseUrl: string): string {
  return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
}
