// A record logged as one JSON object a line (python-json-logger's, structlog's `JSONRenderer`,
// Elastic's ECS), one of the built-in line formats of lineFormats.ts: its message, level, time,
// logger and logged exception; any other object printed is no record. Pure.
import type { ForeignLine } from './lineFormats';
import { levelOf } from './levels';
import { asctimeOfText, isAsctimeAt, LEADING_TIME, naiveFromEpoch, parseAsctime } from './timestamps';

/**
 * The fields of a record logged as one JSON object a line (python-json-logger's, structlog's
 * `JSONRenderer`, Elastic's ECS: `log.level`), in order of preference.
 */
const JSON_MESSAGE = ['message', 'msg', 'event'];
const JSON_LEVEL = ['levelname', 'level', 'severity', 'log.level'];
const JSON_TIME = ['asctime', 'timestamp', '@timestamp', 'time', 'ts', 'datetime', 'created'];
const JSON_LOGGER = ['name', 'logger', 'logger_name', 'log.logger'];
/** The exception a record logged (`logger.exception`): its traceback, lines under the record. */
const JSON_EXCEPTION = ['exc_info', 'exception', 'exc_text', 'stack_trace', 'traceback'];
/** A longer line is a print (a JSON record is short; a dump of data is not parsed). */
const MAX_JSON_RECORD = 64 * 1024;

/** The field of `o` first named in `names` (`a.b`: `b` inside `a`). */
function jsonField(o: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) {
    const dot = name.indexOf('.');
    const inner = dot > 0 ? o[name.slice(0, dot)] : undefined;
    const v = dot > 0 ? (inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>)[name.slice(dot + 1)] : undefined) ?? o[name] : o[name];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** A JSON record's time: a date and time as text (zone dropped, as in every format), or seconds or milliseconds since the epoch. */
function jsonTime(v: unknown): number | undefined {
  if (typeof v === 'string') {
    // Python's asctime, as most JSON formatters write it: read without a regular expression.
    if (v.length === 23 && isAsctimeAt(v)) return asctimeOfText(v);
    const t = LEADING_TIME.exec(v);
    return t ? parseAsctime(t[1]) : undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  if (v >= 1e9 && v < 1e11) return naiveFromEpoch(Math.round(v * 1000));
  if (v >= 1e12 && v < 1e14) return naiveFromEpoch(Math.round(v));
  return undefined;
}

/**
 * A record logged as a JSON object (`{"asctime": "...", "levelname": "ERROR", "name": "train",
 * "message": "..."}`): a message, and a level or a time; its logged exception after its message.
 * Any other object (a printed config, metrics) is a print.
 */
export function parseJsonRecord(line: string): ForeignLine | undefined {
  const text = line.trimEnd();
  if (text.length > MAX_JSON_RECORD || text.charCodeAt(1) !== 34 || text.charCodeAt(text.length - 1) !== 125) return undefined;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const record = o as Record<string, unknown>;
  const message = jsonField(record, JSON_MESSAGE);
  if (typeof message !== 'string') return undefined;
  const levelValue = jsonField(record, JSON_LEVEL);
  const level = typeof levelValue === 'string' ? levelOf(levelValue) : undefined;
  const time = jsonTime(jsonField(record, JSON_TIME));
  if (level === undefined && time === undefined) return undefined;
  const logger = jsonField(record, JSON_LOGGER);
  const exception = jsonField(record, JSON_EXCEPTION);
  const traceback = typeof exception === 'string' ? exception.replace(/\r\n?/g, '\n').trimEnd() : '';
  // (Line breaks in the message are lines under the record, as the traceback's; a carriage return alone is one too.)
  const lines = message.indexOf('\r') >= 0 ? message.replace(/\r\n?/g, '\n') : message;
  return { format: 'json', time, level, logger: typeof logger === 'string' ? logger : undefined, message: traceback ? `${lines}\n${traceback}` : lines };
}
