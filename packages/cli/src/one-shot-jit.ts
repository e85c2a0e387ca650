import { setFlagsFromString } from 'node:v8'

/**
 * Turns off V8's inlining for the rest of this process. `cordon build` and
 * `cordon check` run the compiler once, for a second or two: most of their
 * optimizing-compiler work is inlining into the checker's and planner's big
 * walks, done on background threads for code that runs only a few more
 * times. On trivy-checks' 558-entrypoint build that was about 2 s of CPU
 * next to 1.3 s on the main thread, and on a shared 2-core machine those
 * threads take the cores the main thread needs. Without inlining the build
 * uses about a third less CPU and the main thread is no slower (README,
 * "Compile speed (issue 18)", fourth round). The flag applies to functions
 * optimized from now on; Node lets V8 flags change at run time.
 */
export function skipInliningForOneShotRun(): void {
  setFlagsFromString('--no-turbo-inlining')
}
