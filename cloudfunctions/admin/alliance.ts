/** Operator actions of the alliance feature (served by the admin function; operators only). */
import type { Actions } from '../../server/router';

export const allianceAdmin: Pick<Actions<'admin'>, 'addPartner' | 'createExperiment'> = {
  // Built by the alliance feature.
} as Pick<Actions<'admin'>, 'addPartner' | 'createExperiment'>;
