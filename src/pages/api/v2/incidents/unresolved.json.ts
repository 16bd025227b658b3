import { statuspageResponse } from '../../../../endpoints.ts';

export const GET = () => statuspageResponse('unresolved');
