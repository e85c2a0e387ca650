export { readBundle, mergeData, type Bundle, type Manifest } from './read-bundle.js'
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
