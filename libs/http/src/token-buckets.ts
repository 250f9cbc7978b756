import { setBounded } from '@tessera/kernel';

/** How many keys (IPs, clients) a bucket set remembers; the least recently touched go first. */
const MAX_KEYS = 50_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by key: each key may spend `burst` at once and regains `perSecond` per second.
 * In memory, per process, bounded in size.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one token; 0 when that was possible, else the seconds until one is back. */
  take(key: string): number {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.wait(bucket);
  }

  /** Like `take`, but spends nothing: 0 while a token is left. */
  peek(key: string): number {
    const bucket = this.refilled(key);
    return bucket.tokens >= 1 ? 0 : this.wait(bucket);
  }

  private wait(bucket: Bucket): number {
    return Math.ceil((1 - bucket.tokens) / this.perSecond);
  }

  private refilled(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key);
      bucket.tokens = Math.min(
        this.burst,
        bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond,
      );
      bucket.at = now;
    } else {
      bucket = { tokens: this.burst, at: now };
    }
    setBounded(this.buckets, key, bucket, MAX_KEYS);
    return bucket;
  }
}
