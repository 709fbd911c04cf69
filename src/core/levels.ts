// Python's logging levels as numbers, for "this level and above" filters.

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
