/** Longest input id accepted, in any envelope or header: ids travel in every output record. */
export const MAX_ID_LENGTH = 128;
