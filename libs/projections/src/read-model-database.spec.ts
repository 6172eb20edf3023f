import { sqliteDriverFromEnv } from './read-model-database';

describe('sqliteDriverFromEnv', () => {
  it('defaults to better-sqlite3', () => {
    expect(sqliteDriverFromEnv({})).toBe('better-sqlite3');
  });

  it.each(['better-sqlite3', 'sqlite3'] as const)('accepts %s', (driver) => {
    expect(sqliteDriverFromEnv({ WHARF_SQLITE_DRIVER: driver })).toBe(driver);
  });

  it.each(['sqlite', 'SQLITE3', 'better_sqlite3', ' sqlite3', ''])(
    'refuses %p, naming the variable and the choices',
    (driver) => {
      expect(() => sqliteDriverFromEnv({ WHARF_SQLITE_DRIVER: driver })).toThrow(
        `WHARF_SQLITE_DRIVER must be "better-sqlite3" or "sqlite3", not "${driver}"`,
      );
    },
  );
});
