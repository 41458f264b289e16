/** Operator actions of the membership feature (served by the admin function; operators only). */
import type { Actions } from '../../server/router';

export const membershipAdmin: Pick<Actions<'admin'>, 'createReward' | 'addStaff'> = {
  // Built by the membership feature.
} as Pick<Actions<'admin'>, 'createReward' | 'addStaff'>;
