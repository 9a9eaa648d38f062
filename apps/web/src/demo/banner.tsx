/** Says plainly that anyone can see this dashboard, and how to change that. */
export function DemoBanner() {
  return (
    <div
      role="status"
      data-testid="demo-banner"
      className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900"
    >
      <strong className="font-semibold">Demo mode:</strong> this dashboard is public. The app runs
      with a placeholder Clerk key and needs no Clerk account or network. Put your real Clerk keys
      in <code className="rounded bg-amber-100 px-1">apps/web/.env.local</code> to require sign-in.
    </div>
  );
}
