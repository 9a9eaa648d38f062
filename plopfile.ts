// `pnpm plop webhook-event`: the generators' one registration. Plop imports this file as ESM;
// Node 20 runs TypeScript only through a loader, so the `plop` script registers tsx first.
import { registerWebhookEventGenerator } from "@acme/generators";
import type { NodePlopAPI } from "plop";

export default function plopfile(plop: NodePlopAPI): void {
  registerWebhookEventGenerator(plop);
}
