import { createHash } from 'node:crypto';

/**
 * A UID under the 2.25 root (ISO/IEC 9834-8: a UUID written as one integer) derived from a name, so the sample
 * studies keep the same UIDs on every generation without an organisation root of our own.
 */
export function uidFor(name: string): string {
  const hex = createHash('sha256').update(`prnn-synthetic-samples/${name}`).digest('hex').slice(0, 32);
  // Mark it as a version-4 style (random) UUID: set the version and variant bits.
  const bytes = Buffer.from(hex, 'hex');
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString()}`;
}
