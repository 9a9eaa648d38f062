import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ClerkSync } from "../../src/index.js";

type Handler = (request: Request) => Promise<Response>;

/**
 * A real HTTP server whose /api/webhooks is the kit's handler (or a route's handler, such as
 * `createWebhookRoute(…).POST`), as a Next.js route would run it, on a free port.
 */
export async function serveWebhooks(
  target: ClerkSync | Handler,
): Promise<{ url: string; close(): Promise<void> }> {
  const handle: Handler =
    typeof target === "function" ? target : (request) => target.handleRequest(request);
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
    const response = await handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
