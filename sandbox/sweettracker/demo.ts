// Sweet Tracker, providers/sweettracker/README.md: the key the sandbox accepts from the start.
export const DEMO_SWEETTRACKER_CREDENTIALS = { apiKey: 'demoSweetTrackerKey0001' } as const;
