import net from 'node:net';
import { createTestDatabase } from 'src/lib/server/testing/database';
import { makeTree, makeUser } from 'src/lib/server/testing/factories';
import { generateSessionToken, insertSession, sessionIdFromToken, validateSessionToken } from 'src/lib/server/auth';
import { insertBallots } from 'src/lib/server/voting/ballot-writes';
import { makePoll } from 'src/lib/server/testing/polls';
let writes = 0; let bytes = 0;
const orig = net.Socket.prototype.write;
net.Socket.prototype.write = function (chunk: any, ...rest: any[]) { writes++; bytes += chunk?.length ?? 0; return orig.call(this, chunk, ...rest); } as any;
const database = await createTestDatabase();
const tree = await makeTree(database);
const T0 = new Date('2026-11-25T01:00:00Z');
const poll = await makePoll(database, tree.organizer, tree.district.id, T0);
const u = await makeUser(database, { unit: tree.grassroots });
const token = generateSessionToken();
await insertSession(database.db, sessionIdFromToken(token), u.id, new Date(T0.getTime() + 20 * 86400000));
const now = new Date(T0.getTime() + 3600000);
for (let i = 0; i < 15; i++) {
  writes = 0; bytes = 0;
  await validateSessionToken(database.db, token, now);
  const w1 = [writes, bytes]; writes = 0; bytes = 0;
  await insertBallots(database.db, [{ pollId: poll.id, maxChoices: 1, dailyVoting: false, voterKey: `k${i}`, period: 'all', trackingCode: `AAAA-${String(1000 + i)}`, userId: null, addressHash: null, castAt: now, optionIds: [poll.options[0]!] }]);
  console.log('session', w1, 'ballot', [writes, bytes]);
}
await database.close();
