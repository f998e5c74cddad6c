import { describe, expect, it } from "vitest";
import { passwordStrengthProblem } from "@/lib/auth/password-strength";

const GUESSABLE = "That password is too easy to guess.";

describe("passwordStrengthProblem", () => {
  it.each(["Password123!", "qwertyuiop1", "iloveyou2026", "aaaaaaaaa1", "1q2w3e4r5t6y"])(
    "refuses the commonly guessed %s",
    (password) => {
      expect(passwordStrengthProblem(password)).toMatch(new RegExp(`^${GUESSABLE.replace(".", "\\.")}`));
    },
  );

  it("refuses a password made of the person's own name or email", () => {
    expect(passwordStrengthProblem("zqkvblorpt1")).toBeNull();
    expect(passwordStrengthProblem("zqkvblorpt1", { email: "zqkvblorpt@example.com" })).toMatch(
      /^That password is too easy to guess\./,
    );
    expect(passwordStrengthProblem("zqkvblorpt1", { name: "Ada Zqkvblorpt" })).toMatch(
      /^That password is too easy to guess\./,
    );
  });

  it.each(["violet-comet-harbor-7", "amber-glacier-lantern-3", "copper meadow violin 5"])(
    "accepts the passphrase %s",
    (password) => {
      expect(passwordStrengthProblem(password)).toBeNull();
    },
  );
});
