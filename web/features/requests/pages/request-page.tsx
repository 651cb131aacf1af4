import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { PageHeader } from '../../../components/page-header';
import { useT } from '../../../lib/i18n';
import { useRequest } from '../api/use-requests';
import { RequestDetailView } from '../components/request-detail';
import { requestMessages } from '../messages';

/** /requests/:id — one request as a page (the list opens the same view in a drawer). */
export function RequestPage() {
  const t = useT(requestMessages);
  const id = Number(useParams().id);
  const { data } = useRequest(Number.isInteger(id) && id > 0 ? id : undefined);
  return (
    <div>
      <PageHeader
        title={data ? t('detailTitle', { number: data.number }) : t('listTitle')}
        extra={
          <Link to="/requests">
            <Button icon={<ArrowLeftOutlined />}>{t('listTitle')}</Button>
          </Link>
        }
      />
      <RequestDetailView id={id} />
    </div>
  );
}
