// The name lookup's shortcut (ScimApp.lookupCandidates): a plain `userName eq` / `displayName eq`
// renders only the resources with that name. It must answer exactly what the full query answers: the
// same matches for every spelling Entra and the RFC allow, and nothing for the rest.
import { Client, q, USER_URN, withServer } from './helpers';

const names = async (c: Client, type: 'Users' | 'Groups', filter: string): Promise<unknown> => {
  const r = await c.get(`/${type}?filter=${q(filter)}`);
  const attr = type === 'Users' ? 'userName' : 'displayName';
  return [r.status, r.body.totalResults, (r.body.Resources ?? []).map((x: Record<string, unknown>) => x[attr])];
};

describe('name lookups', () => {
  test('answer as the full query does (an or filter takes the full path)', async () => {
    await withServer({}, async (c) => {
      await c.createUser('Ann.Lee@example.test');
      await c.createUser('ann.lee-2@example.test');
      await c.createGroup('Sales');
      expect(await names(c, 'Users', 'userName eq "ann.lee@example.test"')).toEqual([200, 1, ['Ann.Lee@example.test']]);
      expect(await names(c, 'Users', 'USERNAME eq "ANN.LEE@EXAMPLE.TEST"')).toEqual([200, 1, ['Ann.Lee@example.test']]);
      expect(await names(c, 'Users', `${USER_URN}:userName eq "Ann.Lee@example.test"`)).toEqual([200, 1, ['Ann.Lee@example.test']]);
      expect(await names(c, 'Users', 'userName eq "ann.lee"')).toEqual([200, 0, []]);
      expect(await names(c, 'Users', 'userName eq "ann.lee@example.test" or userName eq "ann.lee-2@example.test"')).toEqual([200, 2, ['Ann.Lee@example.test', 'ann.lee-2@example.test']]);
      expect(await names(c, 'Groups', 'displayName eq "sales"')).toEqual([200, 1, ['Sales']]);
      expect(await names(c, 'Users', 'displayName eq "sales"')).toEqual([200, 0, []]);
      expect((await c.get(`/Users?filter=${q('userName eq')}`)).status).toBe(400);
    });
  });
});
