import Image from "next/image";
import { Link } from "@/components/ui/link";
import { Panel } from "@/components/ui/panel";
import { brands } from "@/lib/brands";

const steps = [
  { title: "Buy once", body: "Pay for a ride at Rocket Rides and tick “save my card”." },
  { title: "Move brands", body: "Open Rocket Deliveries: you are the same customer there." },
  { title: "One click", body: "Your saved card is already selected. Click Pay, done." },
];

export default function HomePage() {
  return (
    <div className="space-y-14">
      <section className="max-w-3xl space-y-4">
        <p className="text-sm font-semibold uppercase tracking-wide text-indigo-700">Rocket Checkout</p>
        <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">One card. Every Rocket brand.</h1>
        <p className="text-lg text-slate-600">
          Save your card once at any Rocket brand and pay everywhere else with a single click. Each brand runs
          its own Stripe account; your customer profile and card are shared across the whole organization.
        </p>
      </section>

      <section aria-labelledby="brands-heading" className="space-y-4">
        <h2 id="brands-heading" className="text-xl font-semibold">
          Our brands
        </h2>
        <ul className="grid gap-6 md:grid-cols-2">
          {brands.map((brand) => (
            <li
              key={brand.slug}
              className="flex flex-col gap-4 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm"
              style={{ borderTopColor: brand.theme.primary, borderTopWidth: 6 }}
            >
              <div className="flex items-center gap-3">
                <Image src={brand.logo} alt="" width={48} height={48} />
                <h3 className="text-lg font-semibold">{brand.name}</h3>
              </div>
              <p className="text-slate-600">{brand.tagline}</p>
              <Link
                href={`/${brand.slug}`}
                className="mt-auto inline-flex w-fit items-center rounded-md px-4 py-2 font-medium text-white"
                style={{ backgroundColor: brand.theme.primary }}
              >
                Visit {brand.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="how-heading" className="space-y-4">
        <h2 id="how-heading" className="text-xl font-semibold">
          How one-click checkout works
        </h2>
        <ol className="grid gap-4 sm:grid-cols-3">
          {steps.map((step, index) => (
            <Panel as="li" key={step.title} padding="compact">
              <p className="text-sm font-semibold text-indigo-700">Step {index + 1}</p>
              <p className="mt-1 font-semibold">{step.title}</p>
              <p className="mt-1 text-slate-600">{step.body}</p>
            </Panel>
          ))}
        </ol>
      </section>
    </div>
  );
}
