/**
 * Sets `key` in `map`, first dropping its oldest entry (the first in insertion order) when `key`
 * is new and the map already holds `max`: memory stays bounded whatever keys callers send. To
 * keep an entry that is used from being dropped, delete it before setting it again (least
 * recently used goes first).
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (!map.has(key) && map.size >= max) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}
