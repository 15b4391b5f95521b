import type { RuleMeta } from '@migralint/core';

/**
 * RuleMeta plus what the generated docs show and core's RuleMeta has no field for yet. Rules
 * declare `const meta: DocumentedMeta = { … }`; everything else reads it as a plain RuleMeta.
 */
export interface DocumentedMeta extends RuleMeta {
  /** How the rule behaves on different engine versions, one sentence each (rendered under "Versions"). */
  versions?: readonly string[];
}
