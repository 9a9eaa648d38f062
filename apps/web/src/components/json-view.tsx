/** A JSON value, pretty-printed and scrollable. */
export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <section aria-label={label}>
      <pre className="max-h-[32rem] overflow-auto rounded-lg bg-zinc-950 p-4 font-mono text-xs leading-relaxed text-zinc-100">
        {JSON.stringify(value, null, 2)}
      </pre>
    </section>
  );
}

/** The same, folded away until asked for. */
export function JsonDetails({
  value,
  summary = "Raw payload",
}: {
  value: unknown;
  summary?: string;
}) {
  return (
    <details className="group">
      <summary className="cursor-pointer select-none text-xs font-medium text-zinc-500 hover:text-zinc-800">
        {summary}
      </summary>
      <div className="mt-2">
        <JsonView value={value} label={summary} />
      </div>
    </details>
  );
}
