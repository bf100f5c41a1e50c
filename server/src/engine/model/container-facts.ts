// Kept for callers not yet moved to model/facts/.
export * from './facts/images.js';
export * from './facts/sockets.js';
