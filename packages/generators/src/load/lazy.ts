import { createRequire } from "node:module";
import type * as HandlebarsModule from "handlebars";
import type * as TsMorph from "ts-morph";

/**
 * The generator's heavy dependencies, loaded on first use: TypeScript (through ts-morph) alone
 * costs more than the rest of a run, and a run that has no file to parse or render needs neither.
 * Both are CommonJS, so a synchronous require loads them and the generator stays synchronous.
 * Where `require` exists (jiti, and `turbo gen`'s CommonJS bundle, which bundles what a literal
 * `require("…")` names) it is used; in ESM (tsx, vitest) one is made for this module.
 */
function esmRequire(): NodeRequire {
  return createRequire(import.meta.url);
}

let tsMorphModule: typeof TsMorph | undefined;
let handlebarsModule: typeof HandlebarsModule | undefined;

export function tsMorph(): typeof TsMorph {
  tsMorphModule ??= (
    typeof require === "function" ? require("ts-morph") : esmRequire()("ts-morph")
  ) as typeof TsMorph;
  return tsMorphModule;
}

export function handlebars(): typeof HandlebarsModule {
  handlebarsModule ??= (
    typeof require === "function" ? require("handlebars") : esmRequire()("handlebars")
  ) as typeof HandlebarsModule;
  return handlebarsModule;
}

/** An object that stands for `get()`'s result and calls it on first use of a property. */
function deferred<T extends object>(get: () => T): T {
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(get(), key),
    has: (_, key) => Reflect.has(get(), key),
  });
}

/** ts-morph's `Node` (type guards), `SyntaxKind` and `ts`, loaded when first used. */
export const Node: typeof TsMorph.Node = deferred(() => tsMorph().Node);
export type Node = TsMorph.Node;
export const SyntaxKind: typeof TsMorph.SyntaxKind = deferred(() => tsMorph().SyntaxKind);
export type SyntaxKind = TsMorph.SyntaxKind;
