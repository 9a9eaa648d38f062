import type { ReactNode } from "react";

/** A plain, readable table: the dashboard's one way to list rows. */
export function Table({
  columns,
  children,
  label,
}: {
  columns: ReactNode[];
  children: ReactNode;
  label: string;
}) {
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200 text-sm" aria-label={label}>
        <thead className="bg-zinc-50">
          <tr>
            {columns.map((column, i) => (
              <th
                key={i}
                scope="col"
                className="whitespace-nowrap px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500"
              >
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">{children}</tbody>
      </table>
    </div>
  );
}

export function Cell({
  children,
  mono,
  className = "",
}: {
  children: ReactNode;
  mono?: boolean;
  className?: string;
}) {
  return (
    <td
      className={`whitespace-nowrap px-3 py-2 align-top text-zinc-800 ${mono ? "font-mono text-xs" : ""} ${className}`}
    >
      {children}
    </td>
  );
}

/** A value that may be missing. */
export function Maybe({ value }: { value: ReactNode }) {
  return value === null || value === undefined || value === "" ? (
    <span className="text-zinc-400">—</span>
  ) : (
    value
  );
}
