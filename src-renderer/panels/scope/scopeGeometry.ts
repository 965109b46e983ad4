/** The scope screen's grid, shared by the display and what describes it (snapshot legends). */

/** Vertical half-span of the screen in divisions (8 divisions in all). */
export const HALF_DIVISIONS = 4;
