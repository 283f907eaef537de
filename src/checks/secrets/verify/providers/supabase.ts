import type { VerifierSpec } from '../types.js';
import { bearer, simple } from './shared.js';

const verifier: VerifierSpec = simple({
  id: 'supabase',
  provider: 'Supabase',
  rules: ['secrets/supabase-access-token'],
  host: 'api.supabase.com',
  path: '/v1/projects',
  auth: bearer,
  shape: /^sbp_[a-f0-9]{40}$/,
  docs: 'https://supabase.com/docs/reference/api/v1-list-all-projects',
});

export default verifier;
