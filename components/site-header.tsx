import Image from "next/image";
import { Link } from "@/components/ui/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { BrandNav } from "@/components/store/brand-nav";
import { HeaderCart } from "@/components/store/header-cart";
import { getCurrentUser } from "@/lib/auth/session";
import { brands } from "@/lib/brands";

export async function SiteHeader() {
  const user = await getCurrentUser();
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <Image src="/logo.svg" alt="" width={32} height={32} priority />
          <span>Rocket Checkout</span>
        </Link>
        <BrandNav
          brands={brands.map((brand) => ({ slug: brand.slug, name: brand.name, color: brand.theme.primary }))}
        />
        <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
          <HeaderCart brandSlugs={brands.map((brand) => brand.slug)} />
          {user ? (
            <>
              {user.role === "admin" && (
                <Link href="/org" className="text-slate-600 hover:text-slate-900">
                  Organization
                </Link>
              )}
              <Link href="/account" className="text-slate-600 hover:text-slate-900">
                <span className="sr-only">Signed in as </span>
                <span data-testid="current-user">{user.name ?? user.email}</span>
              </Link>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/signin" className="text-slate-600 hover:text-slate-900">
                Sign in
              </Link>
              <Link
                href="/signup"
                className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white hover:bg-slate-700"
              >
                Create account
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
