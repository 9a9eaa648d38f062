export { clerkId, type DeepPartial, type FixtureOverrides, fixture } from "./fixtures.js";
export {
  generateSigningSecret,
  newSvixId,
  type SignedDelivery,
  type SignOptions,
  signedRequest,
  signPayload,
} from "./sign.js";
