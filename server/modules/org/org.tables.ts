import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DivisionTable {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  path: string;
  searchText: Generated<string>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface CategoryTable {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  sortOrder: Generated<number>;
  active: Generated<boolean>;
}

export interface UnitTable {
  id: Generated<number>;
  name: string;
  shortName: string | null;
  kind: string;
  parentId: number | null;
  divisionCode: string;
  path: Generated<string>;
  unitClass: string | null;
  phone: string | null;
  searchText: Generated<string>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface UnitCategoryTable {
  unitId: number;
  categoryCode: string;
}

export interface PersonTable {
  id: Generated<number>;
  unitId: number;
  name: string;
  namePinyin: Generated<string>;
  nameInitials: Generated<string>;
  gender: string | null;
  rank: string;
  position: string | null;
  partyMember: Generated<boolean>;
  phoneEnc: string | null;
  phoneMask: string | null;
  phoneHash: string | null;
  idNumberEnc: string | null;
  idNumberMask: string | null;
  idNumberHash: string | null;
  active: Generated<boolean>;
  searchText: Generated<string>;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export interface OrgTables {
  division: DivisionTable;
  category: CategoryTable;
  unit: UnitTable;
  unitCategory: UnitCategoryTable;
  person: PersonTable;
}
