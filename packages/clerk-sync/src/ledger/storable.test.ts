import { describe, expect, it } from "vitest";
import { storable, storableText } from "./storable.js";
import { epochMs } from "./time.js";

describe("storable", () => {
  it("returns what PostgreSQL can store as it is, the same object", () => {
    const event = { data: { name: "Ada 🚀 שלום", list: ["a", { b: "c" }] } };
    expect(storable(event)).toEqual({ value: event, note: null });
    expect(storable(event).value).toBe(event);
  });

  it("replaces NUL and lone surrogates (in values and keys) with U+FFFD, and notes where", () => {
    const { value, note } = storable({
      data: {
        first_name: "A\u0000da",
        list: ["ok", "\ud800x"],
        "k\udc00": "pair 🚀 kept \ud83d\ude80",
      },
    });
    expect(value).toEqual({
      data: { first_name: "A\uFFFDda", list: ["ok", "\uFFFDx"], "k\uFFFD": "pair 🚀 kept 🚀" },
    });
    expect(note).toBe(
      'Stored with U+FFFD in place of 1 NUL character and 2 lone surrogates (text PostgreSQL cannot store): data.first_name, data.list[1], data["k\uFFFD"] (the key).',
    );
  });

  it("keeps a key named __proto__ an ordinary key", () => {
    const parsed = JSON.parse('{"__proto__": {"x": "\\u0000"}, "y": 1}');
    const { value } = storable(parsed);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"x":"\uFFFD"},"y":1}');
  });

  it("counts past ten paths instead of listing them", () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, "\u0000"]));
    expect(storable(many).note).toMatch(/k9, and 2 more\.$/);
    expect(storableText("err \u0000 \udfff")).toBe("err \uFFFD \uFFFD");
  });
});

describe("epochMs", () => {
  it("scales seconds, keeps milliseconds, refuses what is not a time", () => {
    expect(epochMs(1_767_225_600)).toBe(1_767_225_600_000);
    expect(epochMs(1_767_225_600.5)).toBe(1_767_225_600_500);
    expect(epochMs(1_767_225_600_123)).toBe(1_767_225_600_123);
    for (const bad of [undefined, null, "1767225600", 0, -5, Number.NaN, 1e20]) {
      expect(epochMs(bad)).toBeUndefined();
    }
  });
});
