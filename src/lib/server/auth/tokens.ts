import { hashSecretToken, newSecretToken } from '../secret-token';

/** 160 random bits for the cookie; the database keeps only their SHA-256. */
export const generateSessionToken = newSecretToken;

export const sessionIdFromToken = hashSecretToken;
