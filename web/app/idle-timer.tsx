import { useQueryClient } from '@tanstack/react-query';
import { Button, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Me } from '../../contracts/auth';
import { api, getLastRequestAt } from '../lib/api';
import { saveAllDrafts } from '../lib/drafts';
import { useT } from '../lib/i18n';
import { endSession, refreshMe } from '../lib/session';

const WARN_BEFORE_MS = 60_000;
const TICK_MS = 1_000;
const SHARED_KEY = 'lx.activity';
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;

function sharedActivity(): number {
  try {
    return Number(localStorage.getItem(SHARED_KEY)) || 0;
  } catch {
    return 0;
  }
}

/**
 * The server ends a session after `idleTimeoutMinutes` without requests. The user's own activity
 * (in any tab) keeps it alive with a light ping; a truly idle user is warned a minute before,
 * and then signed out with unsent input kept for after the next login.
 */
export function IdleTimer({ me }: { me: Me }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());
  const pinging = useRef(false);
  const idleMs = Math.max(1, me.idleTimeoutMinutes) * 60_000;

  useEffect(() => {
    let lastShared = 0;
    const onActivity = () => {
      const now = Date.now();
      lastActivity.current = now;
      if (now - lastShared > 5_000) {
        lastShared = now;
        try {
          localStorage.setItem(SHARED_KEY, String(now));
        } catch {
          // Other tabs just won't know.
        }
      }
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity);
    };
  }, []);

  useEffect(() => {
    const keepAlive = async () => {
      if (pinging.current) return;
      pinging.current = true;
      try {
        await refreshMe(queryClient);
      } finally {
        pinging.current = false;
      }
    };
    const timer = setInterval(() => {
      const now = Date.now();
      const lastRequest = getLastRequestAt();
      const idle = now - lastRequest;
      if (idle < idleMs - WARN_BEFORE_MS) {
        setSecondsLeft(null);
        return;
      }
      const active = Math.max(lastActivity.current, sharedActivity()) > lastRequest;
      if (active) {
        setSecondsLeft(null);
        void keepAlive();
        return;
      }
      if (idle >= idleMs) {
        clearInterval(timer);
        saveAllDrafts();
        void api.post('/api/auth/logout', undefined, { skipAuthRedirect: true }).catch(() => undefined);
        endSession(queryClient, 'idle');
        return;
      }
      setSecondsLeft(Math.ceil((idleMs - idle) / 1000));
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [idleMs, queryClient]);

  return (
    <Modal
      open={secondsLeft !== null}
      title={t('idleWarningTitle')}
      closable={false}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={() => void refreshMe(queryClient).then(() => setSecondsLeft(null))}>
          {t('idleStay')}
        </Button>
      }
    >
      <Typography.Paragraph role="alert">{t('idleWarningText', { seconds: secondsLeft ?? 0 })}</Typography.Paragraph>
    </Modal>
  );
}
