import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/auth/session";
import { handle } from "@/lib/http";
import { listCustomers } from "@/lib/org/customer-list";

/** The organization's shared customers, searched and paginated (`?q=&page=`). */
export const GET = handle(async (request: Request) => {
  await requireApiAdmin();
  const url = new URL(request.url);
  const list = await listCustomers({
    search: url.searchParams.get("q") ?? undefined,
    page: Number(url.searchParams.get("page") ?? "1"),
  });
  return NextResponse.json(list);
});
