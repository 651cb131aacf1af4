import { type ComponentType, createContext, useContext } from 'react';
import type { Bilingual } from './i18n';

/** A page the signed-in user may open, as the shell's menu lists it. */
export interface NavEntry {
  key: string;
  path: string;
  label: Bilingual;
  icon?: ComponentType;
}

/**
 * The shell shares the user's visible pages with the pages themselves (the home page shows a card for every
 * module the user can open, even one whose server module has no home card with a count yet).
 */
export const NavContext = createContext<NavEntry[]>([]);

export function useNavEntries(): NavEntry[] {
  return useContext(NavContext);
}
