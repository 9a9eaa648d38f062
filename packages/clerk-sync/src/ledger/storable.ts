/**
 * Text every database the kit supports can store. PostgreSQL refuses two things JSON and
 * JavaScript strings allow: the NUL character (U+0000), in `text` and in `jsonb` alike, and a
 * UTF-16 surrogate without its pair, which is not Unicode at all. SQLite would take both and hand
 * them back, so an event stored there would read differently from the same event on PostgreSQL.
 * Both providers therefore get the same replacement, U+FFFD (the Unicode replacement character),
 * before anything is written.
 */

/** A value made storable, and a note of what was changed in it (`null`: nothing). */
export interface Storable<T> {
  value: T;
  note: string | null;
}

const REPLACEMENT = "\uFFFD";
/** Paths a note names before it only counts the rest. */
const NOTE_PATHS = 10;

interface Change {
  path: string;
  nul: number;
  surrogates: number;
}

/**
 * Replace every NUL and lone surrogate in the strings of a JSON value (object keys included) with
 * U+FFFD. What needs no change is returned as is (the same object); what does is copied.
 *
 * @example
 * storable({ data: { first_name: "Ada\u0000" } })
 * // → { value: { data: { first_name: "Ada\uFFFD" } }, note: "Stored with U+FFFD in place of 1 NUL character (…): data.first_name." }
 */
export function storable<T>(value: T): Storable<T> {
  const changes: Change[] = [];
  const fixed = walk(value, "", changes) as T;
  return { value: fixed, note: changes.length === 0 ? null : describeChanges(changes) };
}

/** `text` made storable (an error message, say), without a note. */
export function storableText(text: string): string {
  return repair(text)?.text ?? text;
}

/** Fast path: most strings hold no NUL and no surrogate at all. */
const SUSPECT = /[\0\uD800-\uDFFF]/;

/** `text` with NUL and lone surrogates replaced, and how many of each; `null` if it has none. */
function repair(text: string): { text: string; nul: number; surrogates: number } | null {
  if (!SUSPECT.test(text)) return null;
  let out = "";
  let from = 0;
  let nul = 0;
  let surrogates = 0;
  const replace = (at: number) => {
    out += `${text.slice(from, at)}${REPLACEMENT}`;
    from = at + 1;
  };
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0) {
      nul++;
      replace(i);
    } else if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else {
        surrogates++;
        replace(i);
      }
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      surrogates++;
      replace(i);
    }
  }
  return nul + surrogates === 0 ? null : { text: out + text.slice(from), nul, surrogates };
}

function walk(value: unknown, path: string, changes: Change[]): unknown {
  if (typeof value === "string") {
    const fixed = repair(value);
    if (!fixed) return value;
    changes.push({
      path: path || "(the whole value)",
      nul: fixed.nul,
      surrogates: fixed.surrogates,
    });
    return fixed.text;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const fixed = walk(item, `${path}[${i}]`, changes);
      if (fixed !== item) {
        copy ??= value.slice();
        copy[i] = fixed;
      }
    });
    return copy ?? value;
  }
  if (typeof value !== "object" || value === null || value instanceof Date) return value;
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  const entries: [string, unknown][] = [];
  let changed = false;
  for (const key of keys) {
    const fixedKey = repair(key);
    const name = fixedKey?.text ?? key;
    if (fixedKey) changes.push({ ...fixedKey, path: `${join(path, name)} (the key)` });
    const item = walk(source[key], join(path, name), changes);
    changed ||= name !== key || item !== source[key];
    entries.push([name, item]);
  }
  if (!changed) return value;
  // defineProperty, not assignment: a key named "__proto__" stays an ordinary key. Two keys that
  // become the same keep the later one's value, as JSON.parse does with duplicate keys.
  const copy: Record<string, unknown> = {};
  for (const [name, item] of entries) {
    Object.defineProperty(copy, name, {
      value: item,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function join(path: string, key: string): string {
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  const segment = /^[A-Za-z_$][\w$]*$/.test(shown) ? shown : JSON.stringify(shown);
  if (path === "") return segment;
  return segment.startsWith('"') ? `${path}[${segment}]` : `${path}.${segment}`;
}

function describeChanges(changes: readonly Change[]): string {
  const nul = changes.reduce((n, c) => n + c.nul, 0);
  const surrogates = changes.reduce((n, c) => n + c.surrogates, 0);
  const what = [
    nul > 0 ? `${nul} NUL character${nul === 1 ? "" : "s"}` : "",
    surrogates > 0 ? `${surrogates} lone surrogate${surrogates === 1 ? "" : "s"}` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  const paths = changes.slice(0, NOTE_PATHS).map((c) => c.path);
  const more = changes.length > NOTE_PATHS ? `, and ${changes.length - NOTE_PATHS} more` : "";
  return `Stored with U+FFFD in place of ${what} (text PostgreSQL cannot store): ${paths.join(", ")}${more}.`;
}
