/**
 * The notifications area's public entry: telling people what changed for them. Today that is
 * in-app updates written in the changing use case's transaction; e-mail (the next feature) is
 * sent from here too, so other areas keep calling `notify` and never a mailer.
 */
export * from './service';
export { notify } from './repo';
