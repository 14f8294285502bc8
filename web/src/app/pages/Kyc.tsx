import { useEffect, useState, type FormEvent } from 'react';
import { formatDateTime, humanize } from '../../lib/format';
import { aadhaarProblem } from '../../lib/validate';
import { useMutation } from '../api';
import { useMe } from '../me';
import { REVEAL_AADHAAR, SUBMIT_KYC, type DocumentType, type Kyc } from '../queries';
import { Badge, Button, Card, ErrorBanner, Field, Loading, Notice, PageHeader } from '../ui';

const DOCS: { value: DocumentType; label: string; hint: string }[] = [
  { value: 'PAN', label: 'PAN card', hint: 'e.g. ABCPE1234F' },
  { value: 'PASSPORT', label: 'Passport', hint: 'e.g. K1234567' },
  { value: 'DRIVING_LICENCE', label: 'Driving licence', hint: 'As printed on the licence' },
  { value: 'VOTER_ID', label: 'Voter ID', hint: 'EPIC number, e.g. ABC1234567' },
];

export function KycPage() {
  const { me, reload } = useMe();
  if (!me) return <Loading />;
  const k = me.kyc;
  const canSubmit = k.status === 'NONE' || k.status === 'REJECTED';
  return (
    <>
      <PageHeader title="Identity verification" subtitle="Verified customers can send up to ₹10,00,000.00 a day." />
      <div className="grid grid-2-1">
        {canSubmit ? <KycForm onDone={reload} rejected={k.status === 'REJECTED'} /> : <KycStatusCard kyc={k} />}
        <Card title="Status" actions={<Badge value={k.status} label={k.status === 'NONE' ? 'Not started' : undefined} />}>
          <dl className="dl dl-tight">
            <dt>Aadhaar</dt>
            <dd className="mono">{k.aadhaarMasked ?? '—'}</dd>
            <dt>Document</dt>
            <dd>{k.documentType ? `${humanize(k.documentType)} · ${k.documentMasked ?? ''}` : '—'}</dd>
            <dt>Submitted</dt>
            <dd>{formatDateTime(k.submittedAt)}</dd>
            <dt>Reviewed</dt>
            <dd>{formatDateTime(k.reviewedAt)}</dd>
            {k.reviewNote && (
              <>
                <dt>Note</dt>
                <dd>{k.reviewNote}</dd>
              </>
            )}
          </dl>
          <p className="muted small">Your Aadhaar and document numbers are encrypted at rest and only ever shown masked.</p>
        </Card>
      </div>
    </>
  );
}

function KycStatusCard({ kyc }: { kyc: Kyc }) {
  const reveal = useMutation<{ revealAadhaar: string }>(REVEAL_AADHAAR);
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (!shown) return;
    const t = setTimeout(() => setShown(null), 30_000);
    return () => clearTimeout(t);
  }, [shown]);
  return (
    <Card title={kyc.status === 'VERIFIED' ? 'You are verified' : 'We are reviewing your documents'}>
      {kyc.status === 'VERIFIED' ? (
        <Notice tone="success">Your identity is verified. Higher limits are active.</Notice>
      ) : (
        <Notice tone="info">Reviews usually finish within one working day. We will update your status here.</Notice>
      )}
      <h3 className="section-title">Aadhaar on file</h3>
      <p className="reveal-row">
        <span className="mono big">{shown ? shown.replace(/(\d{4})(?=\d)/g, '$1 ') : (kyc.aadhaarMasked ?? '—')}</span>
        {shown ? (
          <Button variant="ghost" size="sm" onClick={() => setShown(null)}>
            Hide
          </Button>
        ) : (
          <Button
            variant="ghost"
            size="sm"
            pending={reveal.pending}
            onClick={() =>
              void reveal
                .run({}, { operationName: 'RevealAadhaar' })
                .then((d) => setShown(d.revealAadhaar))
                .catch(() => {})
            }
          >
            Reveal
          </Button>
        )}
      </p>
      <p className="muted small">Revealing the full number is recorded in our audit log. It hides again after 30 seconds.</p>
      <ErrorBanner error={reveal.error} />
    </Card>
  );
}

function KycForm({ onDone, rejected }: { onDone: () => void; rejected: boolean }) {
  const [aadhaar, setAadhaar] = useState('');
  const [docType, setDocType] = useState<DocumentType>('PAN');
  const [docNumber, setDocNumber] = useState('');
  const [touched, setTouched] = useState(false);
  const m = useMutation<{ submitKyc: Kyc }>(SUBMIT_KYC);
  const aProblem = aadhaarProblem(aadhaar);
  const dProblem = docNumber.trim().length >= 4 ? null : 'Enter the document number.';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (aProblem || dProblem) return;
    try {
      await m.run({ input: { aadhaar: aadhaar.replace(/\s+/g, ''), documentType: docType, documentNumber: docNumber.trim() } }, { operationName: 'SubmitKyc' });
      setAadhaar('');
      setDocNumber('');
      onDone();
    } catch {
      /* shown below */
    }
  }

  const doc = DOCS.find((d) => d.value === docType)!;
  return (
    <Card title="Verify your identity" subtitle="We need your Aadhaar number and one more identity document.">
      <form className="form" onSubmit={submit} noValidate autoComplete="off">
        {rejected && <Notice tone="warning">Your previous submission was not accepted. Check the note and submit again.</Notice>}
        <ErrorBanner error={m.error} />
        <Field label="Aadhaar number" htmlFor="kyc-aadhaar" error={touched || aadhaar.replace(/\s/g, '').length >= 12 ? aProblem : null} hint="12 digits; spaces are fine.">
          <input
            id="kyc-aadhaar"
            inputMode="numeric"
            className="mono"
            maxLength={14}
            value={aadhaar}
            onChange={(e) => setAadhaar(e.target.value.replace(/[^\d ]/g, ''))}
            placeholder="XXXX XXXX XXXX"
          />
        </Field>
        <Field label="Document type" htmlFor="kyc-doc">
          <select id="kyc-doc" value={docType} onChange={(e) => setDocType(e.target.value as DocumentType)}>
            {DOCS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Document number" htmlFor="kyc-docnum" error={touched ? dProblem : null} hint={doc.hint}>
          <input id="kyc-docnum" className="mono" value={docNumber} maxLength={32} onChange={(e) => setDocNumber(e.target.value.toUpperCase())} />
        </Field>
        <p className="muted small">Your numbers are sent over an encrypted connection, sealed at rest, and shown only masked afterwards.</p>
        <div className="form-actions">
          <Button type="submit" pending={m.pending}>
            Submit for verification
          </Button>
        </div>
      </form>
    </Card>
  );
}
