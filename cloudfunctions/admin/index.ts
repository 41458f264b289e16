/**
 * admin: operators' actions (FORBIDDEN to anyone else). Each feature declares its own operator actions
 * next to its name; this function serves them all.
 */
import { defineFunction } from '../../server/kernel/router';
import { storeAdmin } from './store';
import { membershipAdmin } from './membership';
import { socialAdmin } from './social';
import { allianceAdmin } from './alliance';
import { backOfficeAdmin } from './backoffice';

export const main = defineFunction('admin', { ...storeAdmin, ...membershipAdmin, ...socialAdmin, ...allianceAdmin, ...backOfficeAdmin }, { access: 'operator' });
