import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** A registry on localhost that serves packed tarballs; the rest comes from npm as usual. */
export interface LocalRegistry {
  url: string;
  /** Package names served, e.g. `@acme/create-clerk-sync`. */
  packages: string[];
  /** Requests it answered, for tests that check what pnpm fetched. */
  requests: string[];
  close(): Promise<void>;
}

interface Served {
  manifest: { name: string; version: string; [key: string]: unknown };
  tarball: Buffer;
  file: string;
}

/**
 * Serve `tarballs` (from `pnpm pack`) the way the npm registry does: a packument per package
 * and the tarballs themselves. Pointed at through a scope (`@acme:registry=<url>`), so pnpm asks
 * it for that scope only and the real registry for everything else.
 *
 * @example
 * const registry = await startRegistry([tgz]);
 * // pnpm create @acme/clerk-sync app --config.@acme:registry=${registry.url}
 */
export async function startRegistry(tarballs: readonly string[]): Promise<LocalRegistry> {
  const served = new Map<string, Served>();
  for (const file of tarballs) {
    const manifest = JSON.parse(
      execFileSync("tar", ["-xzOf", file, "package/package.json"], { encoding: "utf8" }),
    ) as Served["manifest"];
    served.set(manifest.name, {
      manifest,
      tarball: fs.readFileSync(file),
      file: path.basename(file),
    });
  }
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname).slice(1);
    requests.push(pathname);
    for (const [name, entry] of served) {
      if (pathname === name) {
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify(packument(entry, url)));
        return;
      }
      if (pathname === `${name}/-/${entry.file}`) {
        response.setHeader("content-type", "application/octet-stream");
        response.end(entry.tarball);
        return;
      }
    }
    response.statusCode = 404;
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ error: "not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    packages: [...served.keys()],
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function packument(entry: Served, registryUrl: string): unknown {
  const { manifest, tarball, file } = entry;
  return {
    name: manifest.name,
    "dist-tags": { latest: manifest.version },
    versions: {
      [manifest.version]: {
        ...manifest,
        dist: {
          tarball: `${registryUrl}${manifest.name}/-/${file}`,
          integrity: `sha512-${createHash("sha512").update(tarball).digest("base64")}`,
          shasum: createHash("sha1").update(tarball).digest("hex"),
        },
      },
    },
  };
}
