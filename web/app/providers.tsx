import '@ant-design/v5-patch-for-react-19';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../lib/api';
import { getLang, type Lang, syncDocumentLang, useLang } from '../lib/i18n';

/** dayjs keeps one global locale; it is set before rendering so dates format in the new language at once. */
function applyDayjsLocale(lang: Lang) {
  const wanted = lang === 'en' ? 'en' : 'zh-cn';
  if (dayjs.locale() !== wanted) dayjs.locale(wanted);
}
applyDayjsLocale(getLang());
syncDocumentLang();

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx answer will not change by asking again; network blips and 5xx get two more tries.
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        staleTime: 15_000,
      },
      mutations: { retry: false },
    },
  });
}

/** antd (locale, theme, App context for messages), dayjs locale and the query cache. */
export function Providers({ children }: { children: ReactNode }) {
  const lang = useLang();
  const [queryClient] = useState(createQueryClient);

  applyDayjsLocale(lang);

  return (
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      // Blue for actions keeps red for errors and warnings; the red of the brand stays in the logo.
      theme={{ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#1f5fbf', borderRadius: 6 } }}
      // No space inserted between two Chinese characters in buttons: "保存" reads (and is announced) as one word.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
