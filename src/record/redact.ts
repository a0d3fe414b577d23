import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import type { temporal } from '@temporalio/proto';
import { writeFileAtomic } from '../util/atomic-write';

type History = temporal.api.history.v1.IHistory;
type Payload = temporal.api.common.v1.IPayload;

export interface RedactOptions {
  /** The HMAC key: the same key maps the same value to the same hash, across files and runs; without it a hash cannot be tested against guesses. */
  key: Buffer;
  /** Numbers in payloads too (each becomes another number, the same for the same number). */
  numbers?: boolean;
  /** JSON object keys in payloads too. */
  keys?: boolean;
  /** Workflow, activity, signal and update names and activity/timer ids even when they are names from code (the replay then fails: check says so). */
  names?: boolean;
}

/** The key file `--redact` writes beside the captures when none is given, and reads on the next run. */
export const REDACT_KEY_FILE = '.fault-replay-redact.key';
const PREFIX = 'redacted:';
const JSON_ENCODING = 'json/plain';
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Fields whose string value identifies a workflow, a worker or a host: always hashed. */
const ALWAYS = new Set(['workflowId', 'identity']);
/** Fields that hold a failure (`temporal.api.failure.v1.Failure`): their message, stack trace and source are hashed. */
const FAILURES = new Set(['failure', 'lastFailure', 'cause']);
/** Names and ids the code chooses: hashed unless a name from code (`abort`, `createTenant`) or a sequence number (`1`), as the SDK gives by default. */
const CODE_NAMES = new Set(['activityId', 'timerId', 'signalName']);
const CODE_NAME = /^([A-Za-z_$][\w$]*|\d+)$/;

/**
 * Replaces what identifies people, customers, hosts or workflows in a history, with keyed hashes
 * (`redacted:<16 hex of HMAC-SHA256>`): every string in every JSON payload (inputs, results, failure
 * details, memos, headers, search attributes; other encodings become "redacted"), every failure's
 * message, stack trace and source, workflow ids (own, parent, child, external), identities, task
 * queue names, and activity ids, timer ids and signal and update names that are not names from
 * code. With the options, numbers and object keys in payloads, and every name. What stays: event
 * types and ids, workflow and activity types, failure types and the cause chain, timings, retry
 * policies, run ids, request ids, build ids. Equal values stay equal, so the workflow takes the
 * same path unless it branches on a value itself (`check` then says so, as a problem line).
 */
export function redactHistory(history: History, options: RedactOptions): History {
  return new Redactor(options).value(history, '') as History;
}

/** Whether a history was written by `redactHistory`: the task queue of its WorkflowExecutionStarted is a hash. */
export function isRedacted(history: History): boolean {
  return Boolean(history.events?.[0]?.workflowExecutionStartedEventAttributes?.taskQueue?.name?.startsWith(PREFIX));
}

class Redactor {
  constructor(private readonly options: RedactOptions) {}

  hash(text: string): string {
    return `${PREFIX}${createHmac('sha256', this.options.key).update(text).digest('hex').slice(0, 16)}`;
  }

  value(value: unknown, key: string): unknown {
    if (Array.isArray(value)) return value.map((inner) => this.value(inner, key));
    if (typeof value === 'string') return this.field(key, value);
    if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
    if (isPayload(value)) return this.payload(value);
    const object = value as Record<string, unknown>;
    const redacted = Object.fromEntries(
      Object.entries(object).map(([inner, item]) => [inner, this.value(item, inner)]),
    );
    if (key === 'taskQueue')
      for (const name of ['name', 'normalName'])
        if (typeof redacted[name] === 'string' && redacted[name]) redacted[name] = this.hash(redacted[name] as string);
    if (FAILURES.has(key))
      for (const text of ['message', 'stackTrace', 'source'])
        if (typeof redacted[text] === 'string' && redacted[text]) redacted[text] = this.hash(redacted[text] as string);
    // An update's input ({ header, name, args }): its name is one the code chooses.
    if (key === 'input' && typeof redacted.name === 'string' && 'args' in object)
      redacted.name = this.codeName(redacted.name as string);
    if (this.options.names && (key === 'workflowType' || key === 'activityType') && typeof redacted.name === 'string')
      redacted.name = this.hash(redacted.name as string);
    return redacted;
  }

  private field(key: string, text: string): string {
    if (text === '') return text;
    if (ALWAYS.has(key)) return this.hash(text);
    if (CODE_NAMES.has(key)) return this.codeName(text);
    return text;
  }

  private codeName(text: string): string {
    return this.options.names || !CODE_NAME.test(text) ? this.hash(text) : text;
  }

  private payload(payload: Payload): Payload {
    const encoding = decoder.decode(payload.metadata!.encoding!);
    if (encoding === 'binary/null') return payload;
    const redacted = encoding === JSON_ENCODING ? this.json(JSON.parse(decoder.decode(payload.data!))) : 'redacted';
    return {
      ...payload,
      metadata: { ...payload.metadata, encoding: encoder.encode(JSON_ENCODING) },
      data: encoder.encode(JSON.stringify(redacted)),
    };
  }

  private json(value: unknown): unknown {
    if (typeof value === 'string') return this.hash(value);
    if (typeof value === 'number' && this.options.numbers)
      return Number.parseInt(this.hash(`number:${value}`).slice(PREFIX.length, PREFIX.length + 12), 16);
    if (Array.isArray(value)) return value.map((inner) => this.json(inner));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [this.options.keys ? this.hash(key) : key, this.json(inner)]),
      );
    }
    return value;
  }
}

function isPayload(value: object): value is Payload {
  const candidate = value as Payload;
  return candidate.data instanceof Uint8Array && candidate.metadata?.encoding instanceof Uint8Array;
}

/**
 * The HMAC key: read from `given` (a file of hex), else from REDACT_KEY_FILE in `folder`; where
 * none is there yet, 32 random bytes are written there (mode 0600) and `created` names the file.
 * Whoever holds the key can test guesses against the hashes: keep it out of version control.
 */
export function redactionKey(folder: string, given?: string): { key: Buffer; file: string; created: boolean } {
  const file = given ?? join(folder, REDACT_KEY_FILE);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (!/^([0-9a-f]{2}){16,}$/i.test(text))
      throw new Error(`${file}: not a redaction key (at least 32 hex digits, as fault-replay writes one)`);
    return { key: Buffer.from(text, 'hex'), file, created: false };
  }
  const key = randomBytes(32);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, `${key.toString('hex')}\n`, 0o600);
  return { key, file, created: true };
}

/** The redaction flags of `capture` and `record`. */
export function withRedactFlags(command: Command): Command {
  return command
    .option(
      '--redact',
      'replace what identifies people, hosts and workflows (payload strings, failure texts, workflow ids, identities, task queues, ids and names not from code) with keyed hashes (docs/capture.md: what stays)',
    )
    .option(
      '--redact-key <file>',
      `the key the hashes are made with (hex); default: ${REDACT_KEY_FILE} beside the output, made on first use (keep it secret: it lets anyone test guesses)`,
    )
    .option('--redact-numbers', 'with --redact: numbers in payloads too')
    .option('--redact-keys', 'with --redact: JSON object keys in payloads too')
    .option(
      '--redact-names',
      'with --redact: workflow, activity, signal and update names and ids too (the history then no longer replays)',
    );
}

/** The redaction the flags ask for, its key read or made for `folder`; undefined without --redact. */
export function redactOptionsOf(
  opts: { redact?: boolean; redactKey?: string; redactNumbers?: boolean; redactKeys?: boolean; redactNames?: boolean },
  folder: string,
  log: (line: string) => void,
): RedactOptions | undefined {
  if (!opts.redact) {
    if (opts.redactKey || opts.redactNumbers || opts.redactKeys || opts.redactNames)
      throw new Error('--redact-key, --redact-numbers, --redact-keys and --redact-names go with --redact');
    return undefined;
  }
  const { key, file, created } = redactionKey(folder, opts.redactKey);
  if (created)
    log(
      `fault-replay: made the redaction key ${file}: keep it, to hash the same values the same way next time, and keep it out of version control`,
    );
  return { key, numbers: opts.redactNumbers, keys: opts.redactKeys, names: opts.redactNames };
}
