// Sweet Tracker (스마트택배), providers/sweettracker/README.md: everything opsgraph needs to know about it, in one value.
import { z } from 'zod';
import { defineProvider, credential } from '../descriptor';
import { kindForStatus } from '../errors';
import { sweettrackerModule } from '../../sandbox/sweettracker';
import { SweetTrackerClient, sweetTrackerKind } from './client';

export const sweettracker = defineProvider({
  name: 'SWEETTRACKER',
  served: true,
  // The key travels as `t_key` in the query string (URL-encoded), not in a header.
  credentials: z.object({ apiKey: credential() }),
  secretField: 'apiKey',
  // A plan of calls per day (100 on the free plan), no documented per-second limit.
  limits: { rate: null, dailyQuota: 100 },
  // Refusals arrive as HTTP 200 `{status:false, code}`; other statuses read as HTTP says.
  errorKind: ({ status, code }) => (code ? sweetTrackerKind(code) : status === 200 ? 'server' : kindForStatus(status)),
  probe: ({ baseUrl, credentials }) => new SweetTrackerClient({ baseUrl, apiKey: credentials.apiKey }).companyList(),
  baseUrl: { env: 'SWEETTRACKER_BASE_URL', live: 'https://info.sweettracker.co.kr', sandboxPath: '/sweettracker' },
  sandbox: { module: sweettrackerModule, seedRank: 2 },
});
