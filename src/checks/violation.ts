// The one failure shape: every check failure says what was expected and what came back.
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
