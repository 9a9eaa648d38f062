import fs from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { TEMPLATES_DIR } from "../templates-dir.js";
import { docComment, formatList } from "./layout.js";

/** Our own Handlebars: plop and turbo gen register helpers on the shared one. */
const handlebars = Handlebars.create();

handlebars.registerHelper("list", (head: string, items: readonly string[], tail: string) =>
  formatList(head, items, tail),
);
handlebars.registerHelper("doc", (text: string) => docComment(text));
handlebars.registerHelper("eq", (a: unknown, b: unknown) => a === b);

const compiled = new Map<string, HandlebarsTemplateDelegate>();

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
    template = handlebars.compile(source, { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  return template(data);
}
