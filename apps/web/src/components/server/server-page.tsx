'use client';
// The server page: version, uptime, connections, tasks, the playout leader, the renditions and
// the recent log.
import { LeaderCard } from './leader-card';
import { LogLines } from './log-lines';
import { Renditions } from './renditions';
import { ServerFacts } from './server-facts';
import styles from './server.module.css';

export function ServerPage() {
  return (
    <div className={styles.page}>
      <h1 className={styles.heading}>Server</h1>
      <ServerFacts />
      <LeaderCard />
      <Renditions />
      <LogLines />
    </div>
  );
}
