export type {
  DenseSearch,
  IndexContents,
  IndexHandle,
  LockWait,
  Range,
  Scored,
  StagedVersionHook,
  Store,
  StoreBackend,
  StoredDocument,
  WithVector,
} from './types';
export type { SentenceVectors } from './vectors';
export { storeBackend } from './backend';
export { Bm25Index, buildBm25 } from './files/bm25';
export { CURRENT_FILE, FILES } from './files/format';
export type { Manifest } from './files/format';
export { acquireBuildLock, LOCK_FILE } from './files/lock';
export { currentVersion, openIndex, readCurrentManifest } from './files/read';
export { clearDeadBuilds, writeIndex } from './files/write';
