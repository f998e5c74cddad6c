import { Link } from "@/components/ui/link";

/** Under the sign-in form: the way back in for whoever forgot their password. */
export function ForgotPasswordLink() {
  return (
    <p className="text-sm">
      <Link href="/forgot-password" className="font-medium text-indigo-700 underline">
        Forgot your password?
      </Link>
    </p>
  );
}
