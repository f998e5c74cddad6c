import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CardsSection } from "@/components/org/customer/cards-section";
import { CustomerSummary } from "@/components/org/customer/customer-summary";
import { EventsSection } from "@/components/org/customer/events-section";
import { ProfileSection } from "@/components/org/customer/profile-section";
import { SpendSection } from "@/components/org/customer/spend-section";
import { TimelineSection } from "@/components/org/customer/timeline-section";
import { WalletSection } from "@/components/org/customer/wallet-section";
import { trailOf } from "@/lib/audit/trail";
import { requireAdmin } from "@/lib/auth/session";
import { sharingStrategy } from "@/lib/customers";
import { customerDetail } from "@/lib/org/customer-detail";
import { stripeBrowserConfig } from "@/lib/stripe/browser-config";
import { walletChoices } from "@/lib/wallet/wallet";
import { eventLog } from "@/lib/webhooks/event-log";

/** How many of the customer's events their page shows (the full log is a link away). */
const RECENT_EVENTS = 5;

export const metadata: Metadata = { title: "Customer" };

type Props = { params: Promise<{ id: string }> };

/** One customer across every brand account: spend, payments, saved cards and the shared profile. */
export default async function CustomerPage({ params }: Props) {
  const { id } = await params;
  await requireAdmin(`/org/customers/${id}`);
  const detail = await customerDetail(id);
  if (!detail) notFound();
  const { user, profile } = detail;
  // Cards an admin adds are saved in the home account, where every brand finds them.
  const cardSetup = stripeBrowserConfig(sharingStrategy().homeAccount());
  const [events, choices, trail] = await Promise.all([
    detail.stripeCustomerId ? eventLog({ customer: detail.stripeCustomerId, limit: RECENT_EVENTS }) : null,
    walletChoices(user.id),
    trailOf(user.id),
  ]);

  return (
    <div className="space-y-8">
      <CustomerSummary
        title={profile.name ?? user.name ?? user.email}
        email={profile.email ?? user.email}
        stripeCustomerId={detail.stripeCustomerId}
        unavailable={detail.unavailable}
      />
      <SpendSection spend={detail.spend} outside={detail.outside} />
      <TimelineSection customerId={user.id} timeline={detail.timeline} />
      <CardsSection
        customerId={user.id}
        cards={detail.cards}
        cardSetup={cardSetup}
        offeringBrands={choices.filter((choice) => choice.offerSavedCards).map((choice) => choice.name)}
      />
      <WalletSection choices={choices} trail={trail} />
      {detail.stripeCustomerId && events && (
        <EventsSection
          stripeCustomerId={detail.stripeCustomerId}
          events={events.events}
          ignored={events.ignored}
        />
      )}
      <ProfileSection
        customerId={user.id}
        profile={profile}
        fromOurCopy={!detail.profileFromStripe && Boolean(detail.stripeCustomerId)}
      />
    </div>
  );
}
