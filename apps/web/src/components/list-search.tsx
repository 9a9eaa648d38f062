/** A list's search box: submits `q` to `path`, keeping the deleted-rows toggle as it is. */
export function ListSearch({
  path,
  q,
  withDeleted = false,
  placeholder,
}: {
  path: string;
  q: string | undefined;
  withDeleted?: boolean;
  placeholder: string;
}) {
  return (
    <form method="get" action={path} className="mb-4 flex gap-2">
      {withDeleted ? <input type="hidden" name="deleted" value="1" /> : null}
      <input
        name="q"
        defaultValue={q ?? ""}
        placeholder={placeholder}
        className="w-80 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm"
      />
      <button
        type="submit"
        className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white"
      >
        Search
      </button>
    </form>
  );
}
