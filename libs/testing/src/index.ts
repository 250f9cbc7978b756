export * from './test-databases';
export * from './test-runtime';
export * from './in-memory-client.store';
export * from './client.factory';
export * from './contracts/client-store.contract';
export * from './in-memory-token.stores';
export * from './contracts/token-stores.contract';
