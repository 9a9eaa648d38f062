// `pnpm turbo gen webhook-event`: the same registration as plopfile.ts. turbo gen bundles this
// file with esbuild (into CommonJS) before it loads it.
import { registerWebhookEventGenerator } from "@acme/generators";
import type { PlopTypes } from "@turbo/gen";

export default function generator(plop: PlopTypes.NodePlopAPI): void {
  registerWebhookEventGenerator(plop);
}
