import { feedResponse } from '../endpoints.ts';

export const GET = () => feedResponse('json');
