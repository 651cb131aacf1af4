/** The red of the Lianxin mark (连心桥); interface actions use the theme's blue so red keeps meaning "error". */
export const BRAND_RED = '#c0392b';
