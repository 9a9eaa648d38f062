import http from "node:http";
import type { ClerkSync } from "../../src/index.js";

/**
 * A real HTTP server whose POST /api/webhooks is the kit's handler, as a Next.js route would
 * run it, on a free port of this helper's range (3300-3399).
 */
export async function serveWebhooks(
  sync: ClerkSync,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = `http://${req.headers.host}${req.url}`;
    if (new URL(url).pathname !== "/api/webhooks") {
      res.writeHead(404).end();
      return;
    }
    const request = new Request(url, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, Array.isArray(value) ? value.join(", ") : value]],
      ) as [string, string][],
      body: req.method === "GET" || req.method === "HEAD" ? null : Buffer.concat(chunks),
    });
    const response = await sync.handleRequest(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  const first = (Number(process.env.VITEST_POOL_ID ?? 0) * 17) % 100;
  for (let offset = 0; offset < 100; offset++) {
    const port = 3300 + ((first + offset) % 100);
    const listening = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (listening) {
      return {
        url: `http://127.0.0.1:${port}/api/webhooks`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
      };
    }
  }
  throw new Error("No free port in 3300-3399");
}
