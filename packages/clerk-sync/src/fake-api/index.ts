export {
  type ClerkObject,
  DEFAULT_SEED_SIZE,
  type FakeInstanceData,
  type SeedOptions,
  seedInstance,
} from "./seed.js";
export {
  FAKE_SECRET_KEY,
  type FakeClerkApi,
  type FakeClerkApiOptions,
  type FakeRequest,
  type FaultRule,
  startFakeClerkApi,
} from "./server.js";
export { FakeClerkStore, organizationIdOf } from "./store.js";
