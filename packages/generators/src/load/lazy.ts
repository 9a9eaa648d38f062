import fs from "node:fs";
import Module, { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
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
  tsMorphModule ??= withCodeCache(
    () =>
      (typeof require === "function"
        ? require("ts-morph")
        : esmRequire()("ts-morph")) as typeof TsMorph,
  );
  return tsMorphModule;
}

export function handlebars(): typeof HandlebarsModule {
  handlebarsModule ??= (
    typeof require === "function" ? require("handlebars") : esmRequire()("handlebars")
  ) as typeof HandlebarsModule;
  return handlebarsModule;
}

type Compile = (this: NodeModule, content: string, filename: string) => unknown;
const CACHED_FILE_SIZE = 500_000;

/**
 * Run `load` with V8's code cache for the large CommonJS files it loads (TypeScript's 9 MB and
 * ts-morph's 3 MB): compiling them is most of their load time, and the cache, kept in the OS temp
 * folder per file version and Node.js version, skips it on every later run. What
 * `module.enableCompileCache()` does from Node.js 22.1, done here for Node.js 20; a cache that
 * cannot be read or written only costs the compile.
 */
function withCodeCache<T>(load: () => T): T {
  const enable = (Module as unknown as { enableCompileCache?: (dir: string) => unknown })
    .enableCompileCache;
  const dir = path.join(os.tmpdir(), `acme-generators-v8-${process.version}`);
  if (typeof enable === "function") {
    enable(dir);
    return load();
  }
  const proto = (Module as unknown as { prototype: { _compile: Compile } }).prototype;
  const original = proto._compile;
  proto._compile = function compile(content, filename) {
    if (content.length < CACHED_FILE_SIZE) return original.call(this, content, filename);
    const { size, mtimeMs } = fs.statSync(filename);
    const cacheFile = path.join(dir, `${path.basename(filename)}-${size}-${Math.trunc(mtimeMs)}`);
    const cachedData = fs.existsSync(cacheFile) ? fs.readFileSync(cacheFile) : undefined;
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    const result = wrapper.call(
      this.exports,
      this.exports,
      createRequire(filename),
      this,
      filename,
      path.dirname(filename),
    );
    if (!cachedData || script.cachedDataRejected) {
      try {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(`${cacheFile}.${process.pid}`, script.createCachedData());
        fs.renameSync(`${cacheFile}.${process.pid}`, cacheFile);
      } catch {
        // A read-only temp folder: the next run compiles again.
      }
    }
    return result;
  };
  try {
    return load();
  } finally {
    proto._compile = original;
  }
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
