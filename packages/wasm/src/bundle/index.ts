export { writeTar, type TarEntry } from './tar.js'
export {
  writeBundle,
  packBundle,
  type BundleContents,
  type BundleManifest,
  type ManifestWasmEntry,
} from './write-bundle.js'
