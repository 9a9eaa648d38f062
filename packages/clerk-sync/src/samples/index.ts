/**
 * Sample Clerk events for a running app: typed payloads shaped like Clerk's (`fixture`), named
 * scenarios of several deliveries (`scenario`), and Svix signing, so a demo, a seed script or a
 * health probe can send an app's own webhook route real signed deliveries. Production code may
 * import this module (the reference app's demo does); the test suite imports the same functions
 * from `@acme/clerk-sync/testing`.
 */
export { clerkId, type DeepPartial, type FixtureOverrides, fixture } from "./fixtures.js";
export {
  isScenarioName,
  SCENARIO_NAMES,
  SCENARIOS,
  type Scenario,
  type ScenarioDelivery,
  type ScenarioName,
  type ScenarioOptions,
  scenario,
} from "./scenarios.js";
export {
  generateSigningSecret,
  newSvixId,
  type SignedDelivery,
  type SignOptions,
  signedRequest,
  signPayload,
} from "./sign.js";
