// Fire-and-forget work whose failure must still be seen: logged, never an unhandled rejection.
import { log } from './log';

export function inBackground(work: PromiseLike<unknown>, what: string): void {
  Promise.resolve(work).catch((e: unknown) => log.error(`${what} failed: ${e instanceof Error && e.stack ? e.stack : String(e)}`));
}
