import fs from "node:fs";
import path from "node:path";
import type { HelperDelegate } from "handlebars";
import { handlebars as loadHandlebars } from "../load/lazy";
import { TEMPLATES_DIR } from "../templates-dir";
import { docComment, formatList } from "./layout";

type Handlebars = ReturnType<ReturnType<typeof loadHandlebars>["create"]>;

const HELPERS: Record<string, HelperDelegate> = {
  list: (head: string, items: readonly string[], tail: string) => formatList(head, items, tail),
  doc: (text: string) => docComment(text),
  eq: (a: unknown, b: unknown) => a === b,
};

let instance: Handlebars | undefined;
const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Our own Handlebars (plop and turbo gen register helpers on the shared one), made on first use. */
function handlebars(): Handlebars {
  if (!instance) {
    instance = loadHandlebars().create();
    for (const [name, helper] of Object.entries(HELPERS)) instance.registerHelper(name, helper);
  }
  return instance;
}

/**
 * Render one template of `templates/` (path relative to it) with `data`. Output is code, so
 * nothing is HTML-escaped.
 *
 * @example
 * renderTemplate("next/route.ts.hbs", { imports: { clerkSync: "@/lib/clerk-sync" } });
 */
export function renderTemplate(name: string, data: object): string {
  let template = compiled.get(name);
  if (!template) {
    const source = fs.readFileSync(path.join(TEMPLATES_DIR, name), "utf8");
    template = handlebars().compile(source, { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(data);
}
