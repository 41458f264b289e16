/** Operator actions of the social feature (served by the admin function; operators only). */
import type { Actions } from '../../server/router';

export const socialAdmin: Pick<Actions<'admin'>, 'createGroupCampaign' | 'setCommissionPlan' | 'createLiveRoom'> = {
  // Built by the social feature.
} as Pick<Actions<'admin'>, 'createGroupCampaign' | 'setCommissionPlan' | 'createLiveRoom'>;
