// Sweet Tracker (스마트택배), following providers/sweettracker/README.md (Sweet Tracker):
// the public surface of this folder.
export { SweetTrackerClient, type SweetTrackerClientOptions } from './client';
export type * from './types';
