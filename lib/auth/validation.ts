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

// The handful that survive a length rule; the full breach lists belong in a service.
const COMMON_PASSWORDS = new Set([
  "password123",
  "password1234",
  "1234567890",
  "qwertyuiop",
  "iloveyou123",
  "letmein1234",
  "welcome123",
  "administrator",
]);

/** Why a password is too weak, or null when it is acceptable. */
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
  if (new Set(password).size < 5 || COMMON_PASSWORDS.has(password.toLowerCase())) {
    return "That password is too easy to guess. Try a longer phrase.";
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
 * as `?error=<code>`, and the sign-in form turns them into sentences.
 */
export const SIGN_IN_ERRORS = {
  InvalidInput: "Enter your email address and password.",
  UnknownEmail: "We couldn't find an account with that email. Check it, or create an account.",
  WrongPassword: "That password is not right. Try again.",
  NoPassword: "This account signs in with GitHub or Google. Use that button instead.",
  TooManyAttempts: "Too many failed sign-in attempts. Wait 15 minutes and try again.",
} as const;
export type SignInErrorCode = keyof typeof SIGN_IN_ERRORS;

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return code in SIGN_IN_ERRORS
    ? SIGN_IN_ERRORS[code as SignInErrorCode]
    : "We couldn't sign you in. Please try again.";
}

/** Only same-site relative paths may be used as post-sign-in destinations. */
export function safeCallbackPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
