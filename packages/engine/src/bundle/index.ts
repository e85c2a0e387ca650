export {
  readBundleFiles,
  mergeData,
  DEFAULT_MAX_BUNDLE_BYTES,
  DEFAULT_MAX_UNCOMPRESSED_BYTES,
  type Bundle,
  type BundleLimits,
  type Manifest,
} from './read-bundle.js'
export { TooLargeError } from './read-stream.js'
export { readTar, type TarFile } from './read-tar.js'
export {
  verifyBundleSignature,
  fileDigest,
  BundleVerificationError,
  type BundleVerification,
  type VerificationKey,
  type SigningAlgorithm,
} from './verify-signature.js'
export { canonicalJson } from './canonical-json.js'
