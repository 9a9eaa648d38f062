import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareListed } from "./order.js";
import { type PagerPosition, pages } from "./pager.js";
import type { ClerkObject, ListOrder } from "./sources.js";

/** A list that changes between requests, as Clerk's may during a backfill. */
class ChangingList {
  objects: ClerkObject[];
  private nextId = 0;
  private clock: number;
  constructor(size: number) {
    this.clock = 1_000;
    this.objects = Array.from({ length: size }, () => this.make());
  }
  make(createdAt?: number): ClerkObject {
    this.clock += 10;
    return {
      id: `obj_${String(this.nextId++).padStart(6, "0")}`,
      created_at: createdAt ?? this.clock,
    };
  }
  sorted(order: ListOrder): ClerkObject[] {
    const asc = [...this.objects].sort(compareListed);
    return order === "asc" ? asc : asc.reverse();
  }
}

type Change = { kind: "delete" | "insertNew" | "insertOld"; at: number };

const changeArb = fc.record({
  kind: fc.constantFrom<Change["kind"]>("delete", "insertNew", "insertOld"),
  at: fc.nat({ max: 10_000 }),
});

/**
 * Page through `list` while `changes[i]` are applied before request i; returns every object
 * taken, and the ids that existed from the first request to the last.
 */
async function run(
  list: ChangingList,
  order: ListOrder,
  limit: number,
  changes: Change[][],
  from?: PagerPosition,
) {
  let request = 0;
  const initial = new Set(list.objects.map((o) => o.id));
  const removed = new Set<string>();
  const fetch = async (offset: number, size: number) => {
    for (const change of changes[request++] ?? []) {
      if (change.kind === "delete" && list.objects.length > 0) {
        const [gone] = list.objects.splice(change.at % list.objects.length, 1);
        if (gone) removed.add(gone.id);
      } else if (change.kind === "insertNew") {
        list.objects.push(list.make());
      } else if (change.kind === "insertOld") {
        // Created "in the past" (a tie-free earlier time): lands anywhere in the list.
        list.objects.push(list.make(change.at / 10 + 0.5));
      }
    }
    const all = list.sorted(order);
    return { objects: all.slice(offset, offset + size), totalCount: all.length };
  };
  const taken: ClerkObject[] = [];
  for await (const page of pages(fetch, { order, limit, ...(from ? { from } : {}) })) {
    taken.push(...page.objects);
  }
  const throughout = [...initial].filter((id) => !removed.has(id));
  return { taken, throughout };
}

describe("pages", () => {
  it.each(["asc", "desc"] as const)(
    "lists a %s list that changes between requests: every object there throughout exactly once, none twice",
    async (order) => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: 120 }),
          fc.integer({ min: 2, max: 12 }),
          fc.array(fc.array(changeArb, { maxLength: 4 }), { maxLength: 40 }),
          async (size, limit, changes) => {
            const list = new ChangingList(size);
            const { taken, throughout } = await run(list, order, limit, changes);
            const ids = taken.map((o) => o.id);
            expect(new Set(ids).size, "no object twice").toBe(ids.length);
            expect(ids).toEqual(expect.arrayContaining(throughout));
            // Taken in list order.
            const sign = order === "asc" ? 1 : -1;
            for (let i = 1; i < taken.length; i++) {
              expect(
                sign * compareListed(taken[i - 1] as ClerkObject, taken[i] as ClerkObject),
              ).toBeLessThan(0);
            }
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it("resumes from a saved position as if it had never stopped", async () => {
    const list = new ChangingList(57);
    const first: ClerkObject[] = [];
    let saved: PagerPosition | undefined;
    const fetch = async (offset: number, size: number) => {
      const all = list.sorted("asc");
      return { objects: all.slice(offset, offset + size), totalCount: all.length };
    };
    for await (const page of pages(fetch, { order: "asc", limit: 10 })) {
      first.push(...page.objects);
      saved = page.end;
      if (first.length >= 20) break;
    }
    // Meanwhile two objects before the position are deleted and one is created.
    list.objects.splice(3, 2);
    list.objects.push(list.make());
    const rest = await run(list, "asc", 10, [], saved);
    const ids = [...first, ...rest.taken].map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(list.objects.map((o) => o.id)));
  });

  it("refuses a page size Clerk does not take", async () => {
    const never = pages(async () => ({ objects: [], totalCount: 0 }), { order: "asc", limit: 501 });
    await expect(never.next()).rejects.toThrow(/page size must be from 2 to 500/);
  });
});
