import type { Actor } from '../http/actor.js';

/** The audit log's actor for a signed-in user: the id, and a name readable without a lookup ("张三 (zhangsan)"). */
export function auditActorOf(actor: Pick<Actor, 'userId' | 'username' | 'displayName'>): {
  userId: number;
  name: string;
} {
  return {
    userId: actor.userId,
    name: actor.displayName === actor.username ? actor.username : `${actor.displayName} (${actor.username})`,
  };
}
