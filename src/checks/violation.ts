// The two ways a check ends without passing. A Violation is the endpoint's failure: it says what was
// expected and what came back. A PreconditionUnmet means the check could not judge its behaviour
// because something it depends on, but does not test, did not hold (a filter it narrows with was
// refused, a page it reads is missing): the check is blocked, never failed, and says why.
export class Violation extends Error {
  constructor(
    readonly expected: string,
    readonly received: string,
  ) {
    super(`Expected: ${expected}\nReceived: ${received}`);
    this.name = 'Violation';
  }
}

export function violation(expected: string, received: string): never {
  throw new Violation(expected, received);
}

export class PreconditionUnmet extends Error {
  constructor(
    /** What the check needed, e.g. 'a 200 answer to the sw filter that narrows the page walk'. */
    readonly needed: string,
    /** What came back instead. */
    readonly received: string,
  ) {
    super(`blocked: needs ${needed}; received ${received}`);
    this.name = 'PreconditionUnmet';
  }
}

/** The check cannot judge: report it blocked with the reason, not failed. */
export function precondition(needed: string, received: string): never {
  throw new PreconditionUnmet(needed, received);
}
