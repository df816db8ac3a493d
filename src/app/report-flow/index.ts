export * from './draft.js';
export * from './steps.js';
export * from './review.js';
export * from './presets.js';
