// Sweet Tracker (스마트택배), following providers.md section 5 (Sweet Tracker):
// the public surface of this folder.
export { SweetTrackerClient, type SweetTrackerClientOptions } from './client';
export type * from './types';
