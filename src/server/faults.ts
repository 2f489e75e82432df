// Named fault switches. Each one turns on exactly one realistic misbehaviour of a SCIM endpoint, so
// that the harness can prove every check is able to fail. The clean server has none of them. Each is
// defined, with its description and behaviour, in the switch layer (switches/); this module is the
// stable public view of the faults that checks and configuration import.

import { describeSwitches, parseNames, type FaultSwitchName } from './switches';

export type FaultName = FaultSwitchName;

/** Name -> one-sentence description. */
export const FAULTS: Readonly<Record<FaultName, string>> = describeSwitches('fault');

export const FAULT_NAMES: readonly FaultName[] = Object.keys(FAULTS) as FaultName[];

export function isFaultName(name: string): name is FaultName {
  return Object.prototype.hasOwnProperty.call(FAULTS, name);
}

/** Validates fault names (e.g. from a CLI flag); throws listing the valid names on an unknown one. */
export function parseFaultNames(names: readonly string[]): FaultName[] {
  return parseNames(names, FAULT_NAMES, 'fault');
}
