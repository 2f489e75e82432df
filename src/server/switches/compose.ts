// Composes the hooks of several switches into the one set the server runs. Switches apply in the order
// given (the registry's): transforms feed each other, the first switch's wrapper is the outermost,
// features only ever turn off (the smallest maxResults wins).

import type { Features } from '../discovery';
import type { Hooks, Reply } from '../hooks';

function all<K extends keyof Hooks>(list: readonly Hooks[], key: K): NonNullable<Hooks[K]>[] {
  return list.map((h) => h[key]).filter((f): f is NonNullable<Hooks[K]> => f !== undefined);
}

/** Transforms: each hook gets what the previous one returned. */
function pipe<V, A extends unknown[]>(fns: ((v: V, ...a: A) => V)[]): ((v: V, ...a: A) => V) | undefined {
  if (fns.length === 0) return undefined;
  return (v, ...a) => fns.reduce((acc, f) => f(acc, ...a), v);
}

/** Wrappers: the first hook runs first and decides whether (and with what) the next ones run. */
function around<C, R>(fns: ((c: C, next: () => R) => R)[]): ((c: C, next: () => R) => R) | undefined {
  if (fns.length === 0) return undefined;
  return (c, next) => fns.reduceRight<() => R>((inner, f) => () => f(c, inner), next)();
}

export function composeHooks(list: readonly Hooks[]): Hooks {
  const out: Hooks = {};
  const set = <K extends keyof Hooks>(key: K, f: Hooks[K] | undefined): void => {
    if (f !== undefined) out[key] = f;
  };

  set('authenticate', (() => {
    const fns = all(list, 'authenticate');
    if (fns.length === 0) return undefined;
    return (verdict, req) => {
      let v: ReturnType<(typeof fns)[number]> = verdict;
      for (const f of fns) {
        if (typeof v !== 'string') return v; // a hook answered at once
        v = f(v, req);
      }
      return v;
    };
  })() satisfies Hooks['authenticate']);
  set('onRequest', voids(all(list, 'onRequest')));
  set('parseBody', (() => {
    const fns = all(list, 'parseBody');
    if (fns.length === 0) return undefined;
    return (text, parse) => fns.reduceRight<(t: string) => unknown>((inner, f) => (t) => f(t, inner), parse)(text);
  })() satisfies Hooks['parseBody']);
  set('createBody', pipe(all(list, 'createBody')));
  set('onWrite', pipe(all(list, 'onWrite')));
  set('patchTransaction', around(all(list, 'patchTransaction')));
  set('deleteResource', around<Parameters<NonNullable<Hooks['deleteResource']>>[0], Reply>(all(list, 'deleteResource')));
  set('onResource', pipe(all(list, 'onResource')));
  set('discovery', pipe(all(list, 'discovery')));
  set('onReply', pipe(all(list, 'onReply')));

  set('filter', (() => {
    const fns = all(list, 'filter');
    if (fns.length === 0) return undefined;
    return (text, rt) => {
      let t: string | undefined = text;
      for (const f of fns) {
        if (t === undefined) return undefined; // no filter left to apply
        t = f(t, rt);
      }
      return t;
    };
  })() satisfies Hooks['filter']);
  set('results', pipe(all(list, 'results')));
  set('page', pipe(all(list, 'page')));
  set('filterCaseExact', first(all(list, 'filterCaseExact')));

  set('inputValue', pipe(all(list, 'inputValue')));
  set('patchOperations', pipe(all(list, 'patchOperations')));
  set('patchOperation', voids(all(list, 'patchOperation')));
  set('patchAction', (() => {
    const fns = all(list, 'patchAction');
    if (fns.length === 0) return undefined;
    return (action, data, next, c) => {
      const run = fns.reduceRight<typeof next>((inner, f) => (a, d) => f(a, d, inner, c), next);
      run(action, data);
    };
  })() satisfies Hooks['patchAction']);

  set('storeWrite', (() => {
    const fns = all(list, 'storeWrite');
    return fns.length === 0 ? undefined : (type, data) => fns.reduce((d, f) => f(type, d), data);
  })() satisfies Hooks['storeWrite']);
  set('uniqueAttributes', (() => {
    const fns = all(list, 'uniqueAttributes');
    return fns.length === 0 ? undefined : (type, defs) => fns.reduce((d, f) => f(type, d), defs);
  })() satisfies Hooks['uniqueAttributes']);
  set('newId', all(list, 'newId')[0]);

  const features = all(list, 'features');
  if (features.length > 0) out.features = features.reduce<Partial<Features>>(mergeFeatures, {});
  return out;
}

/** Validators: every hook runs. */
function voids<A extends unknown[]>(fns: ((...a: A) => void)[]): ((...a: A) => void) | undefined {
  if (fns.length === 0) return undefined;
  return (...a) => {
    for (const f of fns) f(...a);
  };
}

/** Answers: the first hook with an opinion (not undefined) decides. */
function first<A extends unknown[], R>(fns: ((...a: A) => R | undefined)[]): ((...a: A) => R | undefined) | undefined {
  if (fns.length === 0) return undefined;
  return (...a) => {
    for (const f of fns) {
      const r = f(...a);
      if (r !== undefined) return r;
    }
    return undefined;
  };
}

function mergeFeatures(a: Partial<Features>, b: Partial<Features>): Partial<Features> {
  const out: { -readonly [K in keyof Features]?: Features[K] } = { ...a };
  if (b.etag !== undefined) out.etag = (a.etag ?? true) && b.etag;
  if (b.sort !== undefined) out.sort = (a.sort ?? true) && b.sort;
  if (b.maxResults !== undefined) out.maxResults = Math.min(a.maxResults ?? Infinity, b.maxResults);
  return out;
}
