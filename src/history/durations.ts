import type { google } from '@temporalio/proto';
import { idOf, type LongLike } from './events';

type Duration = { seconds?: LongLike; nanos?: number | null } | google.protobuf.IDuration | null | undefined;

export function durationMillis(duration: Duration): number {
  return idOf(duration?.seconds as LongLike) * 1000 + (duration?.nanos ?? 0) / 1e6;
}

/** `30s`, `0.2s`, `1h` is shown as `3600s`: one unit, so goldens compare plainly; '' when unset or zero. */
export function durationText(duration: Duration): string {
  const millis = durationMillis(duration);
  return millis ? `${Number((millis / 1000).toFixed(6))}s` : '';
}
