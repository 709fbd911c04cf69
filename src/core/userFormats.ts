// The user's own line formats (`workerLogs.formats`): each a regular expression with named
// groups and a time format, checked against its samples when the setting is read. Pure; the
// built-in formats they come before are in lineFormats.ts.
import { ForeignLine, LineFormat, withoutCarriageReturn } from './lineFormats';
import { millis, naive } from './timestamps';
import { levelOf } from './levels';
import { DAY_MS, naiveFromEpoch, parseAsctime } from './timestamps';

export interface UserFormatSetting {
  name?: unknown;
  pattern?: unknown;
  timeFormat?: unknown;
  samples?: unknown;
}

const TIME_TOKENS: Record<string, string> = {
  '%Y': '(?<Y>\\d{4})',
  '%y': '(?<y>\\d{2})',
  '%m': '(?<m>\\d{1,2})',
  '%d': '(?<d>\\d{1,2})',
  '%H': '(?<H>\\d{1,2})',
  '%I': '(?<I>\\d{1,2})',
  '%p': '(?<p>[AaPp][Mm])',
  '%M': '(?<M>\\d{1,2})',
  '%S': '(?<S>\\d{1,2})',
  '%f': '(?<f>\\d{1,9})',
  '%b': '(?<b>[A-Za-z]{3})',
  '%B': '(?<B>[A-Za-z]{3,9})',
  // Read and left out: a weekday's name, and the zone (a time is the wall-clock its writer showed, as Python's asctime).
  '%a': '[A-Za-z]{3}',
  '%A': '[A-Za-z]{6,9}',
  '%z': '(?:[+-]\\d\\d:?\\d\\d|Z)',
  '%Z': '[A-Za-z][A-Za-z0-9+-]{0,9}',
  '%%': '%',
};
/** The directives `timeReader` knows, for its message. */
const KNOWN = '%Y %y %m %d %H %I %p %M %S %f %b %B %a %A %z %Z';
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** The month (1-12) a name gives (`Mar` or `March`, any case); 0 for none. */
function monthOf(name: string): number {
  const lower = name.toLowerCase();
  return (lower.length === 3 ? MONTHS.indexOf(lower) : FULL_MONTHS.indexOf(lower)) + 1;
}

/**
 * A reader of times written as `timeFormat`: strftime's %Y %y %m %d %H %I %p %M %S %f %b %B
 * (and %a %A %z %Z, read and left out), or `iso`,
 * `epoch` (seconds) and `epoch_ms`. Epoch times are read as this machine's wall-clock, as a JSON
 * record's are and as Python's asctime writes its times: read as UTC's, a rank of such a format
 * was hours apart from the others wherever the clock is not UTC's.
 */
export function timeReader(timeFormat: string): ((text: string, year: number) => number | undefined) | { error: string } {
  if (timeFormat === 'iso' || timeFormat === '') return (text) => parseAsctime(text);
  if (timeFormat === 'epoch' || timeFormat === 'epoch_ms') {
    const scale = timeFormat === 'epoch' ? 1000 : 1;
    return (text) => {
      const n = Number(text);
      return Number.isFinite(n) && n > 0 && n * scale < 1e15 ? naiveFromEpoch(Math.round(n * scale)) : undefined;
    };
  }
  let source = '';
  for (let i = 0; i < timeFormat.length; i++) {
    const two = timeFormat.slice(i, i + 2);
    if (two[0] === '%') {
      if (!(two in TIME_TOKENS)) return { error: `unknown directive ${two} (known: ${KNOWN}, or iso, epoch, epoch_ms)` };
      source += TIME_TOKENS[two];
      i++;
    } else source += timeFormat[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  if (!/%[HI]/.test(timeFormat) || !timeFormat.includes('%M')) return { error: 'a time format needs at least %H (or %I) and %M' };
  if (timeFormat.includes('%I') !== timeFormat.includes('%p')) return { error: 'a time of 12 hours needs %I with %p (AM or PM)' };
  let re: RegExp;
  try {
    re = new RegExp(`^${source}$`);
  } catch {
    return { error: 'a directive is given twice' };
  }
  return (text, year) => {
    const g = re.exec(text.trim())?.groups;
    if (!g) return undefined;
    const name = g.b ?? g.B;
    const month = g.m !== undefined ? Number(g.m) : name !== undefined ? monthOf(name) : 1;
    if (month < 1) return undefined;
    // %y as Python reads it: 69-99 the 1900s, 00-68 the 2000s.
    const y = g.y !== undefined ? Number(g.y) : undefined;
    const fullYear = g.Y !== undefined ? Number(g.Y) : y !== undefined ? (y < 69 ? 2000 + y : 1900 + y) : year;
    const hour = g.I !== undefined ? (Number(g.I) % 12) + (g.p!.toLowerCase() === 'pm' ? 12 : 0) : Number(g.H ?? 0);
    return naive(fullYear, month, g.d !== undefined ? Number(g.d) : 1, hour, Number(g.M ?? 0), Number(g.S ?? 0), millis(g.f));
  };
}

/**
 * The formats of the setting, each checked: its pattern compiles, has a `message` group, and
 * reads every one of its samples (with a time when it has a `time` group). A format that fails
 * is left out with a message naming it and the sample.
 */
export function compileUserFormats(setting: unknown): { formats: LineFormat[]; problems: string[] } {
  const formats: LineFormat[] = [];
  const problems: string[] = [];
  if (setting === undefined || setting === null) return { formats, problems };
  if (!Array.isArray(setting)) return { formats, problems: ['workerLogs.formats must be a list of {name, pattern, timeFormat, samples}.'] };
  setting.forEach((raw: UserFormatSetting, i) => {
    const name = typeof raw?.name === 'string' && raw.name.trim() ? raw.name.trim() : `#${i + 1}`;
    const where = `workerLogs.formats: format "${name}"`;
    if (typeof raw?.pattern !== 'string' || !raw.pattern) return problems.push(`${where} has no pattern.`);
    let re: RegExp;
    try {
      re = new RegExp(raw.pattern);
    } catch (e) {
      return problems.push(`${where}: the pattern is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`);
    }
    const groups = new Set([...raw.pattern.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]));
    if (!groups.has('message')) return problems.push(`${where}: the pattern needs a named group (?<message>...).`);
    const timeFormat = typeof raw.timeFormat === 'string' ? raw.timeFormat : 'iso';
    const reader = timeReader(timeFormat);
    if ('error' in reader) return problems.push(`${where}: timeFormat: ${reader.error}`);
    // A time format without the day (`%H:%M:%S`): its lines give their time of day, which the reader dates (`withDay`).
    const dayless = timeFormat.includes('%') && !timeFormat.includes('%d');
    // One with the day but not the year (`%m/%d %H:%M:%S`): the year is the caller's (`YearOfTimes`).
    const yearless = timeFormat.includes('%') && !/%[Yy]/.test(timeFormat);
    const format: LineFormat = {
      name,
      ...(groups.has('rank') ? { rankKey: `${raw.pattern}\0${String(raw.timeFormat ?? 'iso')}` } : {}),
      parse: (line, year) => {
        // A console saved with CRLF: its carriage return is not the line's (a pattern's `.*$` stops before it).
        const g = re.exec(withoutCarriageReturn(line))?.groups;
        if (!g || g.message === undefined) return undefined;
        const rank = g.rank !== undefined && /^\d{1,15}$/.test(g.rank) ? Number(g.rank) : undefined;
        const time = g.time !== undefined ? reader(g.time, year) : undefined;
        const read: ForeignLine = { format: name, time, level: levelOf(g.level), logger: g.logger, rank, message: g.message };
        if (yearless && time !== undefined) read.yearAssumed = true;
        if (dayless && time !== undefined) {
          read.time = undefined;
          read.timeOfDay = ((time % DAY_MS) + DAY_MS) % DAY_MS;
        }
        return read;
      },
    };
    const samples = Array.isArray(raw.samples) ? raw.samples : [];
    if (samples.length === 0) return problems.push(`${where} has no samples: give a line or two it must read, so that a wrong pattern is caught here.`);
    for (const [k, sample] of samples.entries()) {
      const got = typeof sample === 'string' ? format.parse(sample, 2000) : undefined;
      if (!got) return problems.push(`${where} does not read its sample ${k + 1}: ${JSON.stringify(sample).slice(0, 200)}`);
      if (groups.has('time') && got.time === undefined && got.timeOfDay === undefined) return problems.push(`${where}: the time of sample ${k + 1} does not read as "${String(raw.timeFormat ?? 'iso')}": ${JSON.stringify(sample).slice(0, 200)}`);
    }
    formats.push(format);
    return undefined;
  });
  return { formats, problems };
}
