// Python's logging levels as numbers, for "this level and above" filters; the level words other
// programs write, as Python's levels (for the line formats of lineFormats.ts).
import type { Level } from './lineFormats';

/** Python's level numbers; custom names rank as INFO, a line without a header as 0. */
export function levelNumber(level: string): number {
  switch (level) {
    case 'DEBUG':
      return 10;
    case 'INFO':
      return 20;
    case 'WARNING':
    case 'WARN':
    case 'STACK': // a stack dump: shown with the warnings, above the routine records
      return 30;
    case 'ERROR':
      return 40;
    case 'CRITICAL':
    case 'FATAL':
      return 50;
    case '':
      return 0;
  }
  const m = /^Level (\d+)$/.exec(level);
  return m ? Number(m[1]) : 20;
}

const LEVELS: Record<string, Level> = {
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARN: 'WARNING',
  WARNING: 'WARNING',
  ERROR: 'ERROR',
  CRITICAL: 'CRITICAL',
  FATAL: 'CRITICAL',
  I: 'INFO',
  W: 'WARNING',
  E: 'ERROR',
  F: 'CRITICAL',
  TRACE: 'DEBUG',
  ABORT: 'CRITICAL',
};

/** The level a word names (any case; glog's letters, TRACE, WARN, FATAL, ABORT), or undefined. */
export function levelOf(word: string | undefined): Level | undefined {
  return word === undefined ? undefined : LEVELS[word.toUpperCase()];
}
