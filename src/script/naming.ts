import { randomUUID } from 'node:crypto';
import { MigError } from '../errors';

/** 12 random hex characters, as Alembic makes them. */
export function newRevisionId(): string {
  return randomUUID().replace(/-/g, '').slice(-12);
}

/** The message's words joined by `_`, lower case, cut at a word boundary. */
export function slugify(message: string, maxLength: number): string {
  let slug = (message.match(/[\p{L}\p{N}_]+/gu) ?? []).join('_').toLowerCase();
  if (slug.length > maxLength) {
    const cut = slug.slice(0, maxLength);
    const lastBreak = cut.lastIndexOf('_');
    slug = (lastBreak > 0 ? cut.slice(0, lastBreak) : cut) + '_';
  }
  return slug;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** `+01:00`, or undefined for local time without a configured zone. */
  offset?: string;
}

/** The wall-clock parts of `date` in `timeZone` (an IANA name), or in local time. */
export function dateParts(date: Date, timeZone?: string): DateParts {
  if (!timeZone) {
    return {
      year: date.getFullYear(),
      month: date.getMonth() + 1,
      day: date.getDate(),
      hour: date.getHours(),
      minute: date.getMinutes(),
      second: date.getSeconds(),
      millisecond: date.getMilliseconds(),
    };
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'longOffset',
    });
  } catch {
    throw new MigError('config-option', `Can't locate timezone: ${timeZone}`, { hint: 'use an IANA zone name such as UTC or Europe/Paris' });
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).replace('GMT', '');
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: date.getMilliseconds(),
    offset,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-11-25 14:03:07.123` (plus the offset when a timezone is configured). */
export function formatCreateDate(p: DateParts): string {
  const text = `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(p.millisecond, 3)}`;
  return p.offset ? `${text}${p.offset}` : text;
}

const FIELD = /%(%|\((\w+)\)([-#0 +]*)(\d*)(?:\.(\d+))?([sd]))/g;

/**
 * Expands a `file_template` (Python %-format, as in alembic.ini): `%(rev)s_%(slug)s`,
 * `%(year)d_%(month).2d_%(day).2d`, `%%` for a literal `%`.
 */
export function expandFileTemplate(template: string, fields: Record<string, string | number>, where: string): string {
  const known = Object.keys(fields);
  return template.replace(FIELD, (whole, pct, name: string, flags: string, width: string, precision: string, conv: string) => {
    if (pct === '%') return '%';
    if (!(name in fields)) {
      throw new MigError('config-option', `${where}: unknown field %(${name})${conv} in file_template '${template}'`, {
        hint: `fields are ${known.join(', ')}`,
      });
    }
    let text = String(fields[name]);
    if (conv === 'd') {
      const n = Math.trunc(Number(fields[name]));
      text = String(Math.abs(n));
      if (precision) text = text.padStart(Number(precision), '0');
      if (n < 0) text = `-${text}`;
    }
    if (width) text = text.padStart(Number(width), flags.includes('0') && conv === 'd' ? '0' : ' ');
    return text;
  });
}
