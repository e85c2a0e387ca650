export declare const hasRegistry: boolean
/** The one line a suite prints when it skips. */
export declare const missingRegistryLine: string

export type RegistryAuth =
  | { kind: 'none' }
  | { kind: 'htpasswd'; file: string }
  | { kind: 'token'; realm: string; service: string; issuer: string; rootCertBundle: string }

export interface RunningRegistry {
  /** `127.0.0.1:port`, the host part of a reference. */
  host: string
  /** Where the registry keeps its blobs (a test may tamper with one). */
  storage: string
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1 (closed again at once; the registry binds it next). */
/** Starts the registry and resolves once `/v2/` answers. */
export declare function startRegistry(auth?: RegistryAuth): Promise<RunningRegistry>
