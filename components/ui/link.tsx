"use client";

// eslint-disable-next-line no-restricted-imports -- the one place that wraps next/link
import NextLink from "next/link";
import { useRouter } from "next/navigation";
import type { ComponentProps } from "react";

type LinkProps = Omit<ComponentProps<typeof NextLink>, "prefetch" | "href"> & { href: string };

/**
 * A link that prefetches its page when the visitor shows they may follow it (pointer over it,
 * a touch, keyboard focus), not when it scrolls into view. Our pages are dynamic (they read the
 * session), so Next's viewport prefetch rendered every linked page on the server for each page
 * view: about six extra renders per page, almost all of them never visited.
 */
export function Link({ href, onMouseEnter, onTouchStart, onFocus, ...props }: LinkProps) {
  const router = useRouter();
  // Runs the caller's own handler, then prefetches.
  const withPrefetch =
    <Event,>(handler: ((event: Event) => void) | undefined) =>
    (event: Event) => {
      handler?.(event);
      router.prefetch(href);
    };
  return (
    <NextLink
      href={href}
      prefetch={false}
      onMouseEnter={withPrefetch(onMouseEnter)}
      onTouchStart={withPrefetch(onTouchStart)}
      onFocus={withPrefetch(onFocus)}
      {...props}
    />
  );
}
