import "server-only";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

/**
 * How guessable a new password is, by zxcvbn's estimate: common and leaked
 * passwords, dictionary words, names, keyboard patterns, dates and the person's
 * own name and email. Server-only: its word lists are megabytes, so the sign-up
 * form checks the simple rules as you type and shows this verdict from the server.
 */

// Score 3 of 4: "safely unguessable", zxcvbn's recommended minimum for a slow hash like argon2.
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
    // The estimate runs on the request's thread: the first 64 characters bound its cost to
    // tens of milliseconds (all 128 can take most of a second); a longer password is long enough.
    maxLength: 64,
    l33tMaxSubstitutions: 10,
  });
  return estimator;
}

/** Words of the person's own that a password must not lean on. */
function personalWords(person: { name?: string; email?: string }): string[] {
  const local = person.email?.split("@")[0] ?? "";
  const words = [
    person.name ?? "",
    person.email ?? "",
    local,
    ...`${person.name ?? ""} ${local}`.split(/[^\p{L}\p{N}]+/u),
  ];
  return [...new Set(words.map((word) => word.trim().toLowerCase()).filter((word) => word.length >= 3))];
}

/** Why a password is too easy to guess, or null when it is strong enough. */
export function passwordStrengthProblem(
  password: string,
  person: { name?: string; email?: string } = {},
): string | null {
  const result = zxcvbn().check(password, personalWords(person));
  if (result.score >= MIN_SCORE) return null;
  return [
    "That password is too easy to guess.",
    result.feedback.warning,
    "Try a longer phrase of unrelated words.",
  ]
    .filter(Boolean)
    .join(" ");
}
