// Preloaded (NODE_OPTIONS=--require) into the `artillery run` the self-test starts. Artillery 2.0.21
// sends an anonymous event to its telemetry service even with ARTILLERY_DISABLE_TELEMETRY set
// (lib/telemetry.js), and tests send traffic to 127.0.0.1 only; offline, the attempt also adds ~12 s
// of DNS retries to every run. This swaps the telemetry client for one that sends nothing.
'use strict';
const Module = require('node:module');
const load = Module._load;
class NoTelemetry {
  capture() {}
  async shutdownAsync() {}
}
Module._load = function (request, parent, isMain) {
  if (request === 'posthog-node') return { PostHog: NoTelemetry };
  return load.call(this, request, parent, isMain);
};
