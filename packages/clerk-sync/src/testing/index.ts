/**
 * What the kit's own tests and an app's tests use to drive the webhook route: the sample events
 * and Svix signing of `@acme/clerk-sync/samples`, under the name tests import them by.
 */
export * from "../samples/index.js";
