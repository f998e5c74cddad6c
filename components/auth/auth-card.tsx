import type { ReactNode } from "react";
import { Panel } from "@/components/ui/panel";

export function AuthCard({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <Panel as="div" padding="roomy" className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-1 text-slate-600">{intro}</p>
      <div className="mt-6">{children}</div>
    </Panel>
  );
}
