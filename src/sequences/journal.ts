// Every resource the run creates is journaled when it is created, so that whatever happens (a
// failed step, a crashed suite, Ctrl-C) the CLI can delete what is left, and only that.
import { appendLine, JOURNAL_FILE, readLines } from '../runner/context';
import type { ResourceType } from './types';

export interface CreatedResource {
  key: string;
  type: ResourceType;
  /** Unknown when the endpoint did not return one; cleanup then looks the name up. */
  id?: string;
  /**
   * The id the create's Location header named when the body gave none: not yet verified, so clean-up
   * deletes by it only once a read of it shows `name`.
   */
  locationId?: string;
  /** userName or displayName; carries the run id. */
  name: string;
}

type JournalEvent = ({ event: 'created' } & CreatedResource) | { event: 'deleted'; key: string };

export class Journal {
  constructor(private readonly runDir: string) {}

  created(resource: CreatedResource): void {
    appendLine(this.runDir, JOURNAL_FILE, { event: 'created', ...resource } satisfies JournalEvent);
  }

  deleted(key: string): void {
    appendLine(this.runDir, JOURNAL_FILE, { event: 'deleted', key } satisfies JournalEvent);
  }

  /** Resources created and not yet deleted, newest first (delete in reverse order of creation). */
  outstanding(): CreatedResource[] {
    const live = new Map<string, CreatedResource>();
    for (const e of readLines<JournalEvent>(this.runDir, JOURNAL_FILE)) {
      if (e.event === 'created') {
        const { event: _event, ...resource } = e;
        live.set(e.key, resource);
      } else live.delete(e.key);
    }
    return [...live.values()].reverse();
  }
}
