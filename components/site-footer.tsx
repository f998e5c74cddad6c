export function SiteFooter() {
  return (
    <footer className="border-t border-slate-200 bg-white">
      <div className="mx-auto max-w-6xl px-4 py-6 text-sm text-slate-600 sm:px-6">
        Rocket Checkout — an open-source demo of one-click checkout across the brands of one company. Test
        mode only: no real card is ever charged.
      </div>
    </footer>
  );
}
