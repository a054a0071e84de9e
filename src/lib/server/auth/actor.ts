import type { RoleKind } from '$lib/shared/labels';

export interface RoleGrant {
	role: RoleKind;
	unitId: number | null;
	/** Materialised path of the unit ("/1/5/"), null for the administrator's global grant. */
	unitPath: string | null;
}

/** The signed-in user as every service sees it. */
export interface Actor {
	id: number;
	email: string;
	fullName: string;
	unitId: number | null;
	unitPath: string | null;
	roles: RoleGrant[];
}
