import { describe, expect, it } from "vitest";
import { compareWrites, eventVersion } from "./version.js";

const T = Date.UTC(2026, 0, 1);
const COLUMNS = ["deletedAt", "id", "raw", "status", "syncVersion"];

function row(over: { version?: number; deleted?: boolean; status?: string; raw?: unknown } = {}) {
  const version = new Date(over.version ?? T);
  return {
    id: "sess_1",
    raw: over.raw ?? {},
    status: over.status ?? "active",
    syncVersion: version,
    deletedAt: over.deleted ? version : null,
  };
}

describe("eventVersion", () => {
  it("reads data.updated_at for upserts, the envelope time otherwise, in seconds or milliseconds", () => {
    const event = { timestamp: T + 500, data: { updated_at: T } };
    expect(eventVersion(event, "upsert")).toEqual(new Date(T));
    expect(eventVersion(event, "delete")).toEqual(new Date(T + 500));
    expect(eventVersion({ timestamp: T / 1000, data: {} }, "delete")).toEqual(new Date(T));
    expect(eventVersion({ timestamp: T, data: { updated_at: T / 1000 - 1 } }, "upsert")).toEqual(
      new Date(T - 1000),
    );
    // No usable updated_at: the envelope; no envelope time either: the delivery's svix-timestamp.
    expect(eventVersion({ timestamp: T, data: { updated_at: null } }, "upsert")).toEqual(
      new Date(T),
    );
    expect(eventVersion({ data: {} }, "upsert", new Date(T + 9))).toEqual(new Date(T + 9));
    expect(() => eventVersion({ type: "user.updated", data: {} }, "upsert")).toThrow(
      /neither data.updated_at nor a timestamp/,
    );
  });
});

describe("compareWrites", () => {
  const cmp = (a: ReturnType<typeof row>, b: ReturnType<typeof row>) =>
    Math.sign(compareWrites(a, b, COLUMNS));

  it("puts a tombstone after every live row, whatever the versions", () => {
    expect(cmp(row({ deleted: true, version: T }), row({ version: T + 60_000 }))).toBe(1);
    expect(cmp(row({ version: T + 60_000 }), row({ deleted: true, version: T }))).toBe(-1);
    expect(cmp(row({ deleted: true, version: T + 1 }), row({ deleted: true, version: T }))).toBe(1);
  });

  it("then the newer version, then the later status, then the greater content", () => {
    expect(cmp(row({ version: T + 1, status: "pending" }), row({ status: "ended" }))).toBe(1);
    expect(cmp(row({ status: "ended" }), row({ status: "active" }))).toBe(1);
    expect(cmp(row({ status: "active" }), row({ status: "pending" }))).toBe(1);
    expect(cmp(row({ status: "past_due" }), row({ status: "active" }))).toBe(1);
    expect(cmp(row({ status: "canceled" }), row({ status: "past_due" }))).toBe(1);
    // A status the table does not know ranks with the live ones.
    expect(cmp(row({ status: "suspended" }), row({ status: "pending" }))).toBe(1);
    expect(cmp(row({ status: "suspended" }), row({ status: "revoked" }))).toBe(-1);
    const [a, b] = [
      row({ status: "revoked", raw: { n: 1 } }),
      row({ status: "ended", raw: { n: 2 } }),
    ];
    expect(cmp(a, b)).toBe(-cmp(b, a));
    expect(cmp(a, b)).not.toBe(0);
  });

  it("renders content canonically: key order and how a date was made do not matter", () => {
    const a = row({ raw: { a: 1, b: [{ x: "y", z: null }] } });
    const b = { ...row({ raw: { b: [{ z: null, x: "y" }], a: 1 } }), syncVersion: new Date(T) };
    expect(cmp(a, b)).toBe(0);
    // Columns outside the list (an app's own) never count.
    expect(Math.sign(compareWrites({ ...a, note: "x" }, { ...a, note: "y" }, COLUMNS))).toBe(0);
  });
});
