// Behaviour under concurrent requests. The reference server applies each request whole, one at a
// time (Node runs one handler at a time), so a race has to be modelled: the switch treats PATCHes of
// one group that arrive close together as if they had run in parallel against a store without
// locking, as a read-modify-write endpoint behind a slow database does.

import { performance } from 'node:perf_hooks';
import type { JsonObject } from '../json';
import { defineSwitch } from './define';

/** PATCHes of one group closer together than this count as concurrent. */
export const CONCURRENT_WINDOW_MS = 20;

/**
 * The stored attributes each group PATCH left, mapped to when it ran and the attributes the burst of
 * PATCHes started from. Keyed by the stored object itself (replaced on every change), so any other
 * write in between ends the burst, and nothing is kept for resources that are gone.
 */
const bursts = new WeakMap<JsonObject, { at: number; base: JsonObject }>();

export const CONCURRENCY_SWITCHES = [
  defineSwitch({
    name: 'group-members-lost-concurrent',
    kind: 'fault',
    description: `Group PATCHes are read-modify-write without locking: PATCHes of one group arriving less than ${CONCURRENT_WINDOW_MS} ms apart each apply to the group as it was before the first of them, so only the last one's members survive (memberships lost under concurrency).`,
    patchTransaction: (tx, next) => {
      if (tx.rt.name !== 'Group') return next();
      const now = performance.now();
      const burst = bursts.get(tx.stored());
      let base: JsonObject;
      if (burst && now - burst.at < CONCURRENT_WINDOW_MS) {
        // This PATCH "read" the group before the burst's earlier PATCHes wrote: their changes are lost.
        base = burst.base;
        tx.commit(base);
      } else base = tx.stored();
      const patched = next();
      tx.commit(patched);
      bursts.set(tx.stored(), { at: now, base });
      return tx.stored();
    },
  }),
] as const;
