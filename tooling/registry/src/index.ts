import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import tls from "node:tls";

/** A registry on localhost that serves packed tarballs; the rest comes from npm as usual. */
export interface LocalRegistry {
  url: string;
  /** Package names served, e.g. `@acme/create-clerk-sync`. */
  packages: string[];
  /** Requests it answered, for tests that check what pnpm fetched. */
  requests: string[];
  close(): Promise<void>;
}

export interface RegistryOptions {
  /**
   * Where every other request goes (`https://registry.npmjs.org/`), so the registry can stand in
   * for the whole of npm (`npm_config_registry=<url>`): package managers then install exactly
   * as they would from npm, the kit's packages included. Without it, other requests get 404 and
   * the registry is pointed at through a scope (`@acme:registry=<url>`).
   */
  upstream?: string;
}

interface Served {
  manifest: { name: string; version: string; [key: string]: unknown };
  tarball: Buffer;
  file: string;
}

/**
 * Serve `tarballs` (from `pnpm pack`) the way the npm registry does: a packument per package
 * and the tarballs themselves.
 *
 * @example
 * const registry = await startRegistry([tgz]);
 * // pnpm create @acme/clerk-sync app --config.@acme:registry=${registry.url}
 * const npm = await startRegistry([tgz], { upstream: "https://registry.npmjs.org/" });
 * // npm_config_registry=${npm.url} npm install
 */
export async function startRegistry(
  tarballs: readonly string[],
  options: RegistryOptions = {},
): Promise<LocalRegistry> {
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
    if (options.upstream) {
      forward(request, response, options.upstream);
      return;
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
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Pass a request on to the upstream registry unchanged, and its answer back, bytes as they are. */
/**
 * The certificate authorities a package manager on this machine trusts: Node's own, plus the
 * bundles the environment names (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, npm's `cafile`) and the
 * system's. Behind a TLS-intercepting network npm and pnpm verify the registry with the system's
 * bundle; the registry's requests on their behalf must verify as theirs do.
 */
function trustedAuthorities(): string[] {
  const files = [
    process.env.NODE_EXTRA_CA_CERTS,
    process.env.SSL_CERT_FILE,
    process.env.npm_config_cafile,
    "/etc/ssl/certs/ca-certificates.crt",
  ].filter((file): file is string => Boolean(file) && fs.existsSync(file as string));
  return [
    ...tls.rootCertificates,
    ...[...new Set(files)].map((file) => fs.readFileSync(file, "utf8")),
  ];
}

let upstreamAgent: https.Agent | undefined;

function forward(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  upstream: string,
): void {
  const target = new URL(request.url ?? "/", upstream);
  const headers = { ...request.headers, host: target.host };
  const client = target.protocol === "http:" ? http : https;
  upstreamAgent ??= new https.Agent({ keepAlive: true, ca: trustedAuthorities() });
  const agent = target.protocol === "http:" ? undefined : upstreamAgent;
  const outgoing = client.request(target, { method: request.method, headers, agent }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  outgoing.on("error", (error) => {
    // Say it where the test's output shows it: package managers retry a 502 quietly for minutes.
    // A certificate error here usually means a TLS-intercepting network whose CA this process
    // was not given (NODE_EXTRA_CA_CERTS).
    console.error(
      `local registry: ${request.method} ${target.href} failed upstream: ${error.message}`,
    );
    if (response.headersSent) {
      response.destroy(error);
      return;
    }
    response.statusCode = 502;
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ error: `upstream: ${error.message}` }));
  });
  request.pipe(outgoing);
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

/**
 * `pnpm pack` a workspace package into `destination`, as `pnpm publish` would ship it:
 * `workspace:` and `catalog:` specifiers rewritten to versions, `publishConfig` applied. Its
 * lifecycle scripts (`prepare`, `prepack`) run only with `scripts: true`: by default the package
 * is packed as built, so packing never rewrites a build other processes may be reading.
 * Returns the tarball's path.
 *
 * @example const tgz = packPackage("packages/clerk-sync", os.tmpdir());
 */
export function packPackage(
  packageDir: string,
  destination: string,
  { scripts = false }: { scripts?: boolean } = {},
): string {
  fs.mkdirSync(destination, { recursive: true });
  const args = [
    "pack",
    "--pack-destination",
    destination,
    ...(scripts ? [] : ["--ignore-scripts"]),
  ];
  const output = execFileSync("pnpm", args, {
    cwd: packageDir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const file = output.trim().split("\n").at(-1)?.trim() ?? "";
  const tarball = path.resolve(destination, file);
  if (!file.endsWith(".tgz") || !fs.existsSync(tarball)) {
    throw new Error(`pnpm pack in ${packageDir} printed no tarball:\n${output}`);
  }
  return tarball;
}
