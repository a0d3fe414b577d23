/** One malformed input: its file name in test/fixtures/malformed/, what is wrong, and how it is made. */
export interface MalformedCase {
  file: string;
  what: string;
  make(): string | Buffer;
}
