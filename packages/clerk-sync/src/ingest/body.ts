import { ClerkSyncError } from "../errors/index.js";

/**
 * Read the raw body as text, refusing more than `limit` bytes before buffering them: the
 * Content-Length header is checked first, and a body that lies about it is cut off while read.
 */
export async function readRawBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}

function tooLarge(limit: number): ClerkSyncError {
  return new ClerkSyncError(
    "PAYLOAD_TOO_LARGE",
    `The request body is larger than ${limit} bytes.`,
    {
      suggestion:
        "Clerk events are far smaller than this; if yours are not, raise maxBodyBytes in the route options.",
    },
  );
}
