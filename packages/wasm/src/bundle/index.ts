export { writeTar, type TarEntry } from './tar.js'
export { writeBundle, type BundleContents, type BundleManifest, type ManifestWasmEntry } from './write-bundle.js'
