// The ways a check ends without passing. A Violation is the endpoint's failure: it says what was
// expected and what came back. A PreconditionUnmet means the check could not judge its behaviour
// because something it depends on, but does not test, did not hold (a page it reads is missing): the
// check is blocked, never failed, and says why. When what is missing is something the endpoint says
// it does not support (its /Schemas declares members "returned": "never", it answers 400
// invalidFilter to a filter it needs), the check is skipped instead: the RFC lets an endpoint leave
// that out, so it neither fails nor blocks the gate.
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
    /** What the check needed, e.g. 'a 200 answer to the filter that narrows the page walk'. */
    readonly needed: string,
    /** What came back instead. */
    readonly received: string,
    /** The endpoint declared it does not support what was needed: skipped, not blocked. */
    readonly unsupported = false,
    /** The earlier step (its name) whose answer did not give what was needed: the cause the reports group by. */
    readonly step?: string,
  ) {
    super(`${unsupported ? 'skipped: the endpoint does not support' : 'blocked: needs'} ${needed}; ${unsupported ? '' : 'received '}${received}`);
    this.name = 'PreconditionUnmet';
  }
}

/** The check cannot judge: report it blocked with the reason, not failed (naming the earlier step at fault, if one is). */
export function precondition(needed: string, received: string, step?: string): never {
  throw new PreconditionUnmet(needed, received, false, step);
}

/** The check needs something the endpoint declares unsupported: report it skipped, with the reason. */
export function unsupported(needed: string, declared: string): never {
  throw new PreconditionUnmet(needed, declared, true);
}
