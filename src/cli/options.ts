import { InvalidArgumentError } from 'commander';
import type { ServerKind } from '../server/resolve';

/** Option parsers shared by the commands: a bad value is commander's usage error (exit 2). */
export function parseJsonArray(text: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('not JSON');
  }
  if (!Array.isArray(value)) throw new InvalidArgumentError('must be a JSON array');
  return value;
}

export function parseServer(text: string): ServerKind {
  if (text !== 'dev' && text !== 'time-skipping') throw new InvalidArgumentError('dev or time-skipping');
  return text;
}

const SEARCH_ATTRIBUTE_TYPES = ['TEXT', 'KEYWORD', 'INT', 'DOUBLE', 'BOOL', 'DATETIME', 'KEYWORD_LIST'];

export function searchAttribute(text: string, previous: Array<{ name: string; type: string }>) {
  const [name, type] = text.split('=');
  if (!name || !SEARCH_ATTRIBUTE_TYPES.includes(type))
    throw new InvalidArgumentError(`NAME=TYPE, TYPE one of ${SEARCH_ATTRIBUTE_TYPES.join(', ')}`);
  return [...previous, { name, type }];
}

export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('not JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InvalidArgumentError('must be a JSON object');
  return value as Record<string, unknown>;
}

/** A list option: values after the flag, or comma-separated, or the flag repeated (`--faults a b`, `--faults a,b`). */
export function listValues(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new InvalidArgumentError('a positive whole number');
  return value;
}

export function percent(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100)
    throw new InvalidArgumentError('a percentage from 0 to 100');
  return value;
}

/** `--signal abort='[{"reason":"x"}]'`: a signal's name and its arguments (a JSON array), gathered by name. */
export function signalPayload(text: string, previous: Record<string, unknown[]> = {}): Record<string, unknown[]> {
  const at = text.indexOf('=');
  if (at <= 0)
    throw new InvalidArgumentError(
      'expected NAME=<json array of the signal\'s arguments>, e.g. abort=\'[{"reason":"x"}]\'',
    );
  return { ...previous, [text.slice(0, at)]: parseJsonArray(text.slice(at + 1)) };
}
