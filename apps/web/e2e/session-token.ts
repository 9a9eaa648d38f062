import { createPrivateKey, createPublicKey, sign } from "node:crypto";

/**
 * Signed-in requests to the server with real-format keys. Clerk's middleware verifies a session
 * token against its instance's JWKS, which it fetches from the Backend API (CLERK_API_URL): the
 * e2e server serves the public half of a key pair made for the run, and the tests sign tokens
 * with the private half, as Clerk's Frontend API would.
 */
export const SESSION_KEY_ID = "ins_e2e_session_key";

/** The JWKS the Backend API would answer with, for the run's private key. */
export function jwksOf(privateKeyPem: string) {
  const jwk = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: "jwk" });
  return { keys: [{ ...jwk, kid: SESSION_KEY_ID, alg: "RS256", use: "sig" }] };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/**
 * The cookies of a browser signed in as `userId` on `origin`: a short-lived session token and
 * the client's last-update time (Clerk asks its Frontend API again when the token is older).
 */
export function signedInCookies(
  privateKeyPem: string,
  { userId, sessionId, origin }: { userId: string; sessionId: string; origin: string },
): string {
  const iat = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: SESSION_KEY_ID }));
  const payload = base64url(
    JSON.stringify({ sub: userId, sid: sessionId, azp: origin, iat, nbf: iat - 5, exp: iat + 60 }),
  );
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), privateKeyPem);
  return `__session=${header}.${payload}.${base64url(signature)}; __client_uat=${iat}`;
}
