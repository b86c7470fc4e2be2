#!/usr/bin/env node
/**
 * Stops kafkajs 2.2.4 from arming a timer with a negative delay (src/network/requestQueue/index.js),
 * applied by tools/patches/apply.cjs after every npm install (postinstall) and in the Docker
 * runtime stage.
 *
 * `scheduleCheckPendingRequests` computes `throttledUntil - Date.now()`, and `throttledUntil` is -1
 * until the broker throttles the client, so when no request is pending it calls setTimeout with
 * about minus the current time in ms. Node 20 quietly uses 1 ms; Node 22 and later do the same but
 * print a TimeoutNegativeWarning to stderr each time, which breaks the apps' one-JSON-object-a-line
 * logs (found running the suite on Node 24). The fix passes at least 1 ms: what Node used anyway,
 * so nothing changes but the warning.
 * Plain CommonJS on purpose: it runs before anything is built.
 */
'use strict';
const { definePatch } = require('./kafkajs-patch.cjs');

const MARK = '/* kstream: no negative timer delay (tools/patches/kafkajs-negative-timeout.cjs) */';
const ORIGINAL = `      this.throttleCheckTimeoutId = setTimeout(() => {
        this.throttleCheckTimeoutId = null
        this.checkPendingRequests()
      }, scheduleAt)
`;
const FIXED = `      ${MARK}
      this.throttleCheckTimeoutId = setTimeout(() => {
        this.throttleCheckTimeoutId = null
        this.checkPendingRequests()
      }, Math.max(1, scheduleAt))
`;
definePatch(module, [
  {
    file: 'src/network/requestQueue/index.js',
    edits: [{ original: ORIGINAL, fixed: FIXED }],
    mark: MARK,
    done: 'request queue timer never armed with a negative delay',
    check: 'check whether the new version still passes throttledUntil - Date.now() to setTimeout unclamped',
  },
]);
