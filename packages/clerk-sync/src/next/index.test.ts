import { describe, expect, it } from "vitest";
import { nextAfter } from "./index.js";

const task = () => {
  const state = { ran: 0 };
  const run = async () => {
    state.ran += 1;
  };
  return { state, run };
};

describe("nextAfter: Next.js's after(), whichever version the app has", () => {
  it("uses after (Next.js 15.1+)", () => {
    const scheduled: (() => Promise<void>)[] = [];
    const defer = nextAfter({ after: (t: () => Promise<void>) => scheduled.push(t) });
    const { state, run } = task();
    defer?.(run);
    expect(scheduled).toEqual([run]);
    expect(state.ran).toBe(0);
  });

  it("uses unstable_after when that is all there is (Next.js 15.0)", () => {
    const scheduled: unknown[] = [];
    const defer = nextAfter({ unstable_after: (t: unknown) => scheduled.push(t) });
    defer?.(task().run);
    expect(scheduled).toHaveLength(1);
  });

  it("has none on Next.js 14: the queue's own fallback runs the work", () => {
    expect(nextAfter({ NextResponse: class {} })).toBeUndefined();
  });

  it("runs the task at once when after() refuses (flag off, no request scope)", async () => {
    const defer = nextAfter({
      unstable_after: () => {
        throw new Error("`unstable_after` must be explicitly enabled");
      },
    });
    const { state, run } = task();
    defer?.(run);
    await Promise.resolve();
    expect(state.ran).toBe(1);
  });

  it("reads the installed next/server by default", () => {
    // This workspace has Next.js 16, which exports after().
    expect(typeof nextAfter()).toBe("function");
  });
});
