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
