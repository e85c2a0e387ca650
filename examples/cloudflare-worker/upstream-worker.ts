/** The stand-in OpenAI-compatible upstream, as a Worker behind the gateway's UPSTREAM binding. */
import { standInUpstream } from '../_dev/upstream.js'

export default { fetch: standInUpstream }
