"use client";

import { useState } from "react";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        // Loaded on click: next-auth's client stays out of every page's first load.
        import("next-auth/react")
          .then(({ signOut }) => signOut({ callbackUrl: "/" }))
          .catch(() => setPending(false));
      }}
      className="rounded-md border border-slate-300 px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
