import { initials, type PersonLike } from "@/lib/people";

/** Initials only: the demo works offline, so it never loads Clerk's image URLs. */
export function Avatar({ person }: { person: PersonLike }) {
  return (
    <span
      aria-hidden
      className="inline-grid size-7 shrink-0 place-items-center rounded-full bg-zinc-200 text-[0.65rem] font-semibold text-zinc-700"
    >
      {initials(person)}
    </span>
  );
}
