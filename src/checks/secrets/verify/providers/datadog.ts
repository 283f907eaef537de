import type { VerifierSpec } from '../types.js';
import { get, INVALID, jsonOf, LIVE, UNEXPECTED } from './shared.js';

const verifier: VerifierSpec = {
  id: 'datadog',
  provider: 'Datadog',
  rules: ['secrets/datadog-api-key'],
  // Every Datadog site: a key belongs to one, and only a rejection by all of them makes it invalid.
  hosts: [
    'api.datadoghq.com',
    'api.us3.datadoghq.com',
    'api.us5.datadoghq.com',
    'api.datadoghq.eu',
    'api.ap1.datadoghq.com',
    'api.ap2.datadoghq.com',
    'api.uk1.datadoghq.com',
    'api.ddog-gov.com',
    'api.us2.ddog-gov.com',
  ],
  shape: /^[a-f0-9]{32}$/,
  endpoint: 'GET /api/v1/validate',
  docs: 'https://docs.datadoghq.com/api/latest/authentication/#validate-api-key',
  request: (key) => get('/api/v1/validate', { 'dd-api-key': key }),
  interpret(response) {
    if (response.status === 200) return jsonOf(response)?.valid === true ? LIVE : UNEXPECTED;
    return response.status === 403 ? INVALID : UNEXPECTED;
  },
};

export default verifier;
