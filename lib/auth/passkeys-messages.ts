/**
 * What a failed passkey sign-in says. The passkey provider throws these codes; next-auth hands
 * them to the sign-in form as its `error`. Shared by the server and the browser.
 */
export const PASSKEY_SIGN_IN_ERRORS = {
  PasskeyFailed: "We couldn't verify that passkey. Try again, or sign in with your password.",
  PasskeyExpired: "That passkey sign-in took too long or was already used. Try again.",
  PasskeyUnknown:
    "That passkey isn't registered here (it may have been removed). Sign in with your password, then add a passkey on your account page.",
} as const;
export type PasskeySignInErrorCode = keyof typeof PASSKEY_SIGN_IN_ERRORS;

export function passkeySignInErrorMessage(code: string): string | null {
  return Object.hasOwn(PASSKEY_SIGN_IN_ERRORS, code)
    ? PASSKEY_SIGN_IN_ERRORS[code as PasskeySignInErrorCode]
    : null;
}

/** The longest name a passkey may have (the account page's form and the server agree). */
export const PASSKEY_NAME_MAX_LENGTH = 60;
