/** The form, one fieldset per part of the facts contract. */
import { POLICY_VERSIONS } from '../../../src/rules/index.ts';
import { DISTRICTS } from '../i18n.ts';
import { EDUCATION_LEVELS, SKILL_LEVELS, TITLE_LEVELS, type FormState } from '../model.ts';
import { useForm } from './context.ts';
import { CheckField, InputField, SelectField, type Option } from './fields.tsx';
import { RepeatList } from './RepeatList.tsx';

/** Narrows a select's string back to the union its options were built from. */
function pick<T extends string>(allowed: readonly T[], v: string, fallback: T): T {
  return (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

export function AssessmentSection() {
  const { form, set, t, lang } = useForm();
  const options: Option[] = [
    { value: '', label: t.policyAuto },
    ...POLICY_VERSIONS.map((v) => ({
      value: v.id,
      label: `${lang === 'en' ? v.title.en : v.title.zh} (${t.policyPeriod(v.effectiveFrom, v.effectiveTo)})`,
    })),
  ];
  return (
    <fieldset className="section">
      <legend>{t.assessment}</legend>
      <div className="grid">
        <InputField k="asOf" label={t.asOf} hint={t.asOfHint} type="date" required value={form.asOf} onChange={(asOf) => set({ asOf })} />
        <SelectField k="policy" label={t.policy} value={form.policy} options={options} onChange={(policy) => set({ policy })} />
      </div>
    </fieldset>
  );
}

export function PersonSection() {
  const { form, set, t } = useForm();
  return (
    <fieldset className="section">
      <legend>{t.person}</legend>
      <div className="grid">
        <InputField k="birthDate" label={t.birthDate} type="date" required value={form.birthDate} onChange={(birthDate) => set({ birthDate })} />
      </div>
      <CheckField k="urbanHangzhouHukou" label={t.hukou} checked={form.urbanHangzhouHukou} onChange={(urbanHangzhouHukou) => set({ urbanHangzhouHukou })} />
      <CheckField k="fullCivilCapacity" label={t.fullCivilCapacity} checked={form.fullCivilCapacity} onChange={(fullCivilCapacity) => set({ fullCivilCapacity })} />
    </fieldset>
  );
}

export function PermitSection() {
  const { form, set, t, lang } = useForm();
  const kinds = ['', 'ic', 'paper9'] as const;
  const statuses = ['valid', 'suspended', 'terminated'] as const;
  const district = (g: 'urban' | 'old' | 'county'): Option[] =>
    DISTRICTS.filter((d) => d.group === g).map((d) => ({ value: d.code, label: `${lang === 'en' ? d.en : d.zh} (${d.code})` }));
  const hasPermit = form.permitKind !== '';
  return (
    <fieldset className="section">
      <legend>{t.permit}</legend>
      <div className="grid">
        <SelectField
          k="permitKind"
          label={t.permitKind}
          value={form.permitKind}
          options={[
            { value: 'ic', label: t.permitIc },
            { value: 'paper9', label: t.permitPaper9 },
            { value: '', label: t.permitNone },
          ]}
          onChange={(v) => set({ permitKind: pick(kinds, v, '') })}
        />
        {hasPermit && (
          <>
            <SelectField
              k="permitDistrict"
              label={t.permitDistrict}
              value={form.permitDistrict}
              options={[{ value: '', label: t.districtUnset }]}
              groups={[
                { label: t.districtUrban, options: district('urban') },
                { label: t.districtOld, options: district('old') },
                { label: t.districtCounty, options: district('county') },
              ]}
              onChange={(permitDistrict) => set({ permitDistrict })}
            />
            <InputField k="permitIssuedOn" label={t.permitIssuedOn} type="date" value={form.permitIssuedOn} onChange={(permitIssuedOn) => set({ permitIssuedOn })} />
            <SelectField
              k="permitStatus"
              label={t.permitStatus}
              value={form.permitStatus}
              options={[
                { value: 'valid', label: t.statusValid },
                { value: 'suspended', label: t.statusSuspended },
                { value: 'terminated', label: t.statusTerminated },
              ]}
              onChange={(v) => set({ permitStatus: pick(statuses, v, 'valid') })}
            />
          </>
        )}
      </div>
    </fieldset>
  );
}

export function ResidenceSection() {
  const { setRow, t } = useForm();
  return (
    <RepeatList
      listKey="residence"
      legend={t.residence}
      hint={t.residenceHint}
      itemName={t.item.residence}
      rowStarted={(r) => r.from !== '' || r.to !== ''}
      renderRow={(r) => (
        <>
          <div className="pair">
          <InputField k={`residence.${r.id}.from`} label={t.from} type="date" required value={r.from} onChange={(from) => setRow('residence', r.id, { from })} />
          <InputField k={`residence.${r.id}.to`} label={t.to} type="date" required value={r.to} onChange={(to) => setRow('residence', r.id, { to })} />
          </div>
          <SelectField
            k={`residence.${r.id}.status`}
            label={t.regStatus}
            value={r.status}
            options={[
              { value: 'registered', label: t.registered },
              { value: 'cancelled', label: t.cancelled },
            ]}
            onChange={(v) => setRow('residence', r.id, { status: pick(['registered', 'cancelled'] as const, v, 'registered') })}
          />
          <SelectField
            k={`residence.${r.id}.source`}
            label={t.regSource}
            value={r.source}
            options={[
              { value: 'police', label: t.police },
              { value: 'handwritten', label: t.handwritten },
            ]}
            onChange={(v) => setRow('residence', r.id, { source: pick(['police', 'handwritten'] as const, v, 'police') })}
          />
          {r.source === 'handwritten' && (
            <CheckField k={`residence.${r.id}.verified`} label={t.verified} checked={r.verified} onChange={(verified) => setRow('residence', r.id, { verified })} />
          )}
        </>
      )}
    />
  );
}

export function ContinuitySection() {
  const { setRow, t } = useForm();
  const kinds = ['lease', 'socialInsurance', 'labourContract'] as const;
  return (
    <RepeatList
      listKey="continuity"
      legend={t.continuity}
      hint={t.continuityHint}
      itemName={t.item.continuity}
      rowStarted={(r) => r.from !== '' || r.to !== ''}
      renderRow={(r) => (
        <>
          <SelectField
            k={`continuity.${r.id}.kind`}
            label={t.continuityKind}
            value={r.kind}
            options={[
              { value: 'lease', label: t.lease },
              { value: 'socialInsurance', label: t.socialInsuranceProof },
              { value: 'labourContract', label: t.labourContract },
            ]}
            onChange={(v) => setRow('continuity', r.id, { kind: pick(kinds, v, 'lease') })}
          />
          <div className="pair">
          <InputField k={`continuity.${r.id}.from`} label={t.from} type="date" required value={r.from} onChange={(from) => setRow('continuity', r.id, { from })} />
          <InputField k={`continuity.${r.id}.to`} label={t.to} type="date" required value={r.to} onChange={(to) => setRow('continuity', r.id, { to })} />
          </div>
        </>
      )}
    />
  );
}

export function InsuranceSection() {
  const { setRow, t, m } = useForm();
  return (
    <RepeatList
      listKey="socialInsurance"
      legend={t.socialInsurance}
      hint={t.socialInsuranceHint}
      itemName={t.item.socialInsurance}
      rowStarted={(r) => r.from !== '' || r.to !== ''}
      renderRow={(r) => (
        <>
          <div className="pair months">
          <InputField
            k={`socialInsurance.${r.id}.from`}
            label={t.fromMonth}
            type="month"
            required
            value={r.from}
            onChange={(from) => setRow('socialInsurance', r.id, { from })}
          />
          <InputField k={`socialInsurance.${r.id}.to`} label={t.toMonth} type="month" required value={r.to} onChange={(to) => setRow('socialInsurance', r.id, { to })} />
          </div>
          <SelectField
            k={`socialInsurance.${r.id}.scheme`}
            label={t.scheme}
            value={r.scheme}
            options={[
              { value: 'pension', label: m.scheme.pension },
              { value: 'medical', label: m.scheme.medical },
            ]}
            onChange={(v) => setRow('socialInsurance', r.id, { scheme: pick(['pension', 'medical'] as const, v, 'pension') })}
          />
          <CheckField k={`socialInsurance.${r.id}.backPaid`} label={t.backPaid} checked={r.backPaid} onChange={(backPaid) => setRow('socialInsurance', r.id, { backPaid })} />
          <CheckField
            k={`socialInsurance.${r.id}.transferredIn`}
            label={t.transferredIn}
            checked={r.transferredIn}
            onChange={(transferredIn) => setRow('socialInsurance', r.id, { transferredIn })}
          />
        </>
      )}
    />
  );
}

export function EducationSection() {
  const { form, set, t, m } = useForm();
  return (
    <fieldset className="section">
      <legend>{t.education}</legend>
      <div className="grid">
        <SelectField
          k="educationLevel"
          label={t.educationLevel}
          value={form.educationLevel}
          options={[{ value: '', label: t.none }, ...EDUCATION_LEVELS.map((l) => ({ value: l, label: m.level[l] ?? l }))]}
          onChange={(v) => set({ educationLevel: pick<FormState['educationLevel']>(['', ...EDUCATION_LEVELS], v, '') })}
        />
      </div>
      {form.educationLevel !== '' && (
        <>
          <CheckField k="educationAbroad" label={t.abroad} checked={form.educationAbroad} onChange={(educationAbroad) => set({ educationAbroad })} />
          {form.educationAbroad && (
            <CheckField k="educationCertified" label={t.certified} checked={form.educationCertified} onChange={(educationCertified) => set({ educationCertified })} />
          )}
        </>
      )}
    </fieldset>
  );
}

export function QualificationSection() {
  const { form, set, t, m } = useForm();
  const levels = form.qualificationKind === 'title' ? TITLE_LEVELS : form.qualificationKind === 'skill' ? SKILL_LEVELS : [];
  const all = [...TITLE_LEVELS, ...SKILL_LEVELS];
  return (
    <fieldset className="section">
      <legend>{t.qualification}</legend>
      <div className="grid">
        <SelectField
          k="qualificationKind"
          label={t.qualKind}
          value={form.qualificationKind}
          options={[
            { value: '', label: t.none },
            { value: 'title', label: t.qualTitle },
            { value: 'skill', label: t.qualSkill },
          ]}
          onChange={(v) => {
            const kind = pick(['', 'title', 'skill'] as const, v, '');
            const first = kind === 'title' ? TITLE_LEVELS[0] : kind === 'skill' ? SKILL_LEVELS[0] : undefined;
            set({ qualificationKind: kind, qualificationLevel: first ?? '' });
          }}
        />
        {form.qualificationKind !== '' && (
          <SelectField
            k="qualificationLevel"
            label={t.qualLevel}
            value={form.qualificationLevel}
            options={levels.map((l) => ({ value: l, label: m.level[l] ?? l }))}
            onChange={(v) => set({ qualificationLevel: pick<FormState['qualificationLevel']>(['', ...all], v, '') })}
          />
        )}
      </div>
    </fieldset>
  );
}

export function HousingSection() {
  const { form, set, t } = useForm();
  const kinds = ['', 'owned', 'offPlan', 'rented'] as const;
  return (
    <fieldset className="section">
      <legend>{t.housing}</legend>
      <div className="grid">
        <SelectField
          k="housingKind"
          label={t.housingKind}
          value={form.housingKind}
          options={[
            { value: '', label: t.none },
            { value: 'rented', label: t.rented },
            { value: 'owned', label: t.owned },
            { value: 'offPlan', label: t.offPlan },
          ]}
          onChange={(v) => set({ housingKind: pick(kinds, v, '') })}
        />
        {form.housingKind !== '' && (
          <InputField k="housingFrom" label={t.housingFrom} type="date" required value={form.housingFrom} onChange={(housingFrom) => set({ housingFrom })} />
        )}
      </div>
      {form.housingKind !== '' && (
        <>
          <CheckField k="housingLivesThere" label={t.livesThere} checked={form.housingLivesThere} onChange={(housingLivesThere) => set({ housingLivesThere })} />
          {form.housingKind === 'rented' && (
            <CheckField k="housingLegalRental" label={t.legalRental} checked={form.housingLegalRental} onChange={(housingLegalRental) => set({ housingLegalRental })} />
          )}
        </>
      )}
    </fieldset>
  );
}

export function HonoursSection() {
  const { setRow, t, m } = useForm();
  const levels = ['national', 'provincial', 'city', 'district'] as const;
  return (
    <RepeatList
      listKey="honours"
      legend={t.honours}
      hint={t.honoursHint}
      itemName={t.item.honours}
      rowStarted={(r) => r.awardedOn !== '' || r.deedId.trim() !== ''}
      renderRow={(r) => (
        <>
          <SelectField
            k={`honours.${r.id}.level`}
            label={t.honourLevel}
            value={r.level}
            options={levels.map((l) => ({ value: l, label: m.honourLevel[l] }))}
            onChange={(v) => setRow('honours', r.id, { level: pick(levels, v, 'district') })}
          />
          <SelectField
            k={`honours.${r.id}.issuer`}
            label={t.issuer}
            value={r.issuer}
            options={[
              { value: 'partyGovernment', label: t.partyGovernment },
              { value: 'enterprise', label: t.enterprise },
            ]}
            onChange={(v) => setRow('honours', r.id, { issuer: pick(['partyGovernment', 'enterprise'] as const, v, 'partyGovernment') })}
          />
          <InputField k={`honours.${r.id}.awardedOn`} label={t.awardedOn} type="date" required value={r.awardedOn} onChange={(awardedOn) => setRow('honours', r.id, { awardedOn })} />
          <InputField
            k={`honours.${r.id}.deedId`}
            label={`${t.deedId} (${t.optional})`}
            hint={t.deedIdHint}
            type="text"
            value={r.deedId}
            onChange={(deedId) => setRow('honours', r.id, { deedId })}
          />
        </>
      )}
    />
  );
}

export function PatentsSection() {
  const { setRow, t } = useForm();
  return (
    <RepeatList
      listKey="patents"
      legend={t.patents}
      itemName={t.item.patents}
      rowStarted={(r) => r.grantedOn !== ''}
      renderRow={(r) => (
        <>
          <InputField k={`patents.${r.id}.grantedOn`} label={t.grantedOn} type="date" required value={r.grantedOn} onChange={(grantedOn) => setRow('patents', r.id, { grantedOn })} />
          <CheckField k={`patents.${r.id}.firstInventor`} label={t.firstInventor} checked={r.firstInventor} onChange={(firstInventor) => setRow('patents', r.id, { firstInventor })} />
          <CheckField k={`patents.${r.id}.transferredIn`} label={t.transferredIn} checked={r.transferredIn} onChange={(transferredIn) => setRow('patents', r.id, { transferredIn })} />
        </>
      )}
    />
  );
}

export function ContributionsSection() {
  const { form, set, t } = useForm();
  const amount = (k: keyof FormState & ('bloodDonationMl' | 'volunteerHours' | 'donationYuan' | 'wageYuan' | 'businessYuan'), label: string) => (
    <InputField k={k} label={label} type="number" min="0" step="any" inputMode="decimal" value={form[k]} onChange={(v) => set({ [k]: v })} />
  );
  return (
    <fieldset className="section">
      <legend>{t.contributions}</legend>
      <div className="grid">
        {amount('bloodDonationMl', t.bloodDonationMl)}
        {amount('volunteerHours', t.volunteerHours)}
        {amount('donationYuan', t.donationYuan)}
        {amount('wageYuan', t.wageYuan)}
        {amount('businessYuan', t.businessYuan)}
      </div>
      <CheckField k="boneMarrowDonated" label={t.boneMarrowDonated} checked={form.boneMarrowDonated} onChange={(boneMarrowDonated) => set({ boneMarrowDonated })} />
    </fieldset>
  );
}

export function OffencesSection() {
  const { setRow, t, m } = useForm();
  const kinds = ['crime', 'drugRehab', 'detention', 'dishonest'] as const;
  return (
    <RepeatList
      listKey="offences"
      legend={t.offences}
      hint={t.offencesHint}
      itemName={t.item.offences}
      rowStarted={(r) => r.on !== '' || r.actId.trim() !== ''}
      renderRow={(r) => (
        <>
          <SelectField
            k={`offences.${r.id}.kind`}
            label={t.offenceKind}
            value={r.kind}
            options={kinds.map((k) => ({ value: k, label: m.offence[k] }))}
            onChange={(v) => setRow('offences', r.id, { kind: pick(kinds, v, 'detention') })}
          />
          <InputField k={`offences.${r.id}.on`} label={t.offenceOn} type="date" required value={r.on} onChange={(on) => setRow('offences', r.id, { on })} />
          <InputField
            k={`offences.${r.id}.actId`}
            label={`${t.actId} (${t.optional})`}
            hint={t.actIdHint}
            type="text"
            value={r.actId}
            onChange={(actId) => setRow('offences', r.id, { actId })}
          />
        </>
      )}
    />
  );
}

export function VetoSection() {
  const { setRow, t } = useForm();
  const kinds = ['seriousCrime', 'bannedOrganisation', 'fraudBan'] as const;
  return (
    <RepeatList
      listKey="veto"
      legend={t.veto}
      hint={t.vetoHint}
      itemName={t.item.veto}
      rowStarted={(r) => r.on !== ''}
      renderRow={(r) => (
        <>
          <SelectField
            k={`veto.${r.id}.kind`}
            label={t.vetoKind}
            value={r.kind}
            options={[
              { value: 'seriousCrime', label: t.vetoSeriousCrime },
              { value: 'bannedOrganisation', label: t.vetoBannedOrg },
              { value: 'fraudBan', label: t.vetoFraudBan },
            ]}
            onChange={(v) => setRow('veto', r.id, { kind: pick(kinds, v, 'seriousCrime') })}
          />
          <InputField k={`veto.${r.id}.on`} label={t.vetoOn} type="date" required value={r.on} onChange={(on) => setRow('veto', r.id, { on })} />
        </>
      )}
    />
  );
}
