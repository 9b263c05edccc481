//! Synthetic answers for AF, CSN, SKV, SO, TNS and MIV: every outcome rule and the mapping
//! of the parts the published fixtures leave out.

use base64::Engine as _;
use jiff::civil::date;
use rust_decimal::Decimal;
use underlag_domain::model::{
    ActivityReportStatus, DecisionStatus, PaymentState, PermitValidity, ProtectionKind,
};
use underlag_domain::{Amount, Period, SourceId};
use underlag_spec::Node;
use underlag_upstream::agencies::{af, csn, miv, skv, so, tns};

use crate::common::*;

pub(crate) fn root(xml: &str) -> Node {
    let doc = roxmltree::Document::parse(xml).unwrap();
    Node::from_xml(doc.root_element())
}

fn period(from: (i16, i8, i8), to: (i16, i8, i8)) -> Period {
    Period::new(date(from.0, from.1, from.2), date(to.0, to.1, to.2)).unwrap()
}

// ---- AF

fn af_answer(svar: &str) -> String {
    format!(
        "<SvarMeddelande xmlns=\"http://api.arbetsformedlingen.se/arbetssokande/ersattningsstod/v2\">\
         <Fraga><OrganisationsnummerForIngivare>162120000142</OrganisationsnummerForIngivare>\
         <NamnPaIngivare>Testkommun</NamnPaIngivare><KontonamnForHandlaggare>HL1</KontonamnForHandlaggare>\
         <Referensnummer>q-1</Referensnummer><From>2025-01-01</From><Tom>2025-12-31</Tom>\
         <SyfteMedFraga>Försörjningsstöd</SyfteMedFraga><LagParagraf>SoL</LagParagraf>\
         <IdentitetsbeteckningFysiskPerson>{VALID_PNR}</IdentitetsbeteckningFysiskPerson></Fraga>\
         <Svar><Schemaversion>4.0</Schemaversion><Referensnummer>q-1</Referensnummer><LagParagraf>SoL</LagParagraf>\
         <IdentitetsbeteckningFysiskPerson>{VALID_PNR}</IdentitetsbeteckningFysiskPerson>{svar}</Svar></SvarMeddelande>"
    )
}

#[test]
fn af_status_1_is_no_match_and_2_is_a_source_error() {
    let not_registered = af_answer(
        "<StatusSokandeinformationKod>1</StatusSokandeinformationKod>\
         <StatusSokandeinformationKodText>Ej inskriven</StatusSokandeinformationKodText>",
    );
    assert!(expect_no_match(af::interpret(&spec(), &root(&not_registered))).is_empty());
    let failed = af_answer(
        "<StatusSokandeinformationKod>2</StatusSokandeinformationKod>\
         <StatusSokandeinformationKodText>Tekniskt fel</StatusSokandeinformationKodText>",
    );
    let (code, message) = expect_source_error(af::interpret(&spec(), &root(&failed)));
    assert_eq!((code.as_str(), message.as_str()), ("2", "Tekniskt fel"));
}

#[test]
fn af_protected_job_seeker_with_decisions_and_a_missing_activity_report() {
    let answer = af_answer(
        "<Fornamn>Anna</Fornamn><Efternamn>Andersson</Efternamn><Sekretessmarkering>true</Sekretessmarkering>\
         <ArbetssokandeInfo><Arbetssokande>true</Arbetssokande><ArbetssokandeSKAT>11</ArbetssokandeSKAT>\
         <ArbetssokandeRegistrerad>2024-03-01</ArbetssokandeRegistrerad><ArbetssokandeOmfattning>50</ArbetssokandeOmfattning>\
         <AktivetetsRapportDatum><AktivitetsRapportMeddelande>501</AktivitetsRapportMeddelande>\
         <SenasteAktivitetsRapportDatum>2025-01-14</SenasteAktivitetsRapportDatum></AktivetetsRapportDatum>\
         </ArbetssokandeInfo>\
         <BeslutInfo><EkonomiskaBeslut>\
         <Beslut><ErsattningTyp>AKTIVITETSSTOD</ErsattningTyp><Omfattning>100</Omfattning><BeslutFrom>2025-01-01</BeslutFrom><BeslutTom>2025-06-30</BeslutTom></Beslut>\
         <Beslut><ErsattningTyp>ETABLERING</ErsattningTyp><Omfattning>50</Omfattning><BeslutFrom>2025-07-01</BeslutFrom><BeslutTom>2025-12-31</BeslutTom></Beslut>\
         </EkonomiskaBeslut></BeslutInfo><Akassetillhorighet>Kommunal</Akassetillhorighet>\
         <StatusSokandeinformationKod>0</StatusSokandeinformationKod><StatusSokandeinformationKodText>OK</StatusSokandeinformationKodText>",
    );
    let (data, warnings) = expect_ok(af::interpret_body(
        &spec(),
        answer.as_bytes(),
        Some("application/xml"),
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let person = data.person.unwrap();
    assert_eq!(person.identity.unwrap().expose(), VALID_PNR);
    assert_eq!(person.protection.len(), 1);
    assert_eq!(
        person.protection[0].kind,
        ProtectionKind::Sekretessmarkering
    );
    assert_eq!(person.protection[0].source, SourceId::Af);
    let seeker = data.job_seeker.unwrap();
    assert_eq!(seeker.extent_percent, Some(50));
    let report = seeker.activity_report.unwrap();
    assert_eq!(report.status, ActivityReportStatus::NotSubmitted);
    assert_eq!(report.latest_on, Some(date(2025, 1, 14)));
    assert_eq!(data.notices.len(), 1);
    assert_eq!(data.notices[0].code, "501");
    assert_eq!(data.decisions.len(), 2);
    let first = &data.decisions[0];
    assert_eq!(first.benefit.code, "AKTIVITETSSTOD");
    assert_eq!(first.period, Some(period((2025, 1, 1), (2025, 6, 30))));
    assert_eq!(first.extent_percent, Some(Decimal::from(100)));
    assert_eq!(first.status, DecisionStatus::Granted);
    assert_eq!(first.decided_by, "AF");
}

// ---- CSN

pub(crate) fn csn_answer(person_attributes: &str, person_body: &str) -> String {
    format!(
        "<CSNSvar schemaVersion=\"4.0\" xmlns=\"http://schema.csn.se/v4.0/kommunfraga\" \
         xmlns:p=\"http://schema.csn.se/v4.0/person\" xmlns:g=\"http://schema.csn.se/v4.0/csntyper\" \
         xmlns:sm=\"http://schema.csn.se/v4.0/studiemedel\">\
         <GemensamtSvarEkbistand><Resultat><ResultatKod>0</ResultatKod><ResultatText>OK</ResultatText></Resultat></GemensamtSvarEkbistand>\
         <GemensamtFragaEkbistand/><Personer><Person personnummer=\"{}\" sekel=\"19\" {person_attributes}>\
         <p:Studiestodstypforteckning><g:studiemedel>1</g:studiemedel><g:studiehjalp>0</g:studiehjalp>\
         <g:hemutrustningslan>0</g:hemutrustningslan><g:studiestartsstod>0</g:studiestartsstod></p:Studiestodstypforteckning>\
         {person_body}<p:Studiehjalp/><p:HemutrustningsLan/><p:Studiestartsstod/></Person></Personer></CSNSvar>",
        &VALID_PNR[2..]
    )
}

pub(crate) const CSN_CASE: &str = "<p:Studiemedel><p:Arenden><p:Arende lopnummer=\"1\">\
    <sm:stodform>GRUND</sm:stodform><sm:klartext>Studiemedel</sm:klartext><sm:status>BESLUTAD</sm:status>\
    <sm:soktaTider><sm:soktTid><sm:soktfrom>20250113</sm:soktfrom><sm:sokttom>20250608</sm:sokttom>\
    <sm:soktomfattning>100</sm:soktomfattning><sm:soktlan>J</sm:soktlan></sm:soktTid>\
    <sm:soktTid><sm:soktfrom>0</sm:soktfrom><sm:sokttom>0</sm:sokttom><sm:soktomfattning>50</sm:soktomfattning></sm:soktTid></sm:soktaTider>\
    <sm:BeviljadeTider><sm:BeviljadTid><sm:starttid>202503</sm:starttid><sm:sluttid>202523</sm:sluttid><sm:takt>100</sm:takt>\
    <sm:Beloppen><g:Belopp><g:beloppstyp>GRUNDB</g:beloppstyp><g:klartext>Bidrag</g:klartext><g:belopp>1000</g:belopp><g:totbelopp>21000</g:totbelopp></g:Belopp>\
    <g:Belopp><g:beloppstyp>GRUNDL</g:beloppstyp><g:klartext>Lån</g:klartext><g:belopp>2500</g:belopp><g:totbelopp>52500</g:totbelopp></g:Belopp></sm:Beloppen>\
    <sm:totbelopp>73500</sm:totbelopp></sm:BeviljadTid></sm:BeviljadeTider>\
    <sm:UtbetalningsPlan>\
    <sm:Utbetalning><sm:utbetdatum>20250125</sm:utbetdatum><sm:utbetstatus>Utbetald</sm:utbetstatus><sm:Utbetaldatider>\
    <g:Utbetaldtid><g:startvecka>202503</g:startvecka><g:slutvecka>202506</g:slutvecka><g:Beloppen/><g:totbelopp>14000</g:totbelopp></g:Utbetaldtid>\
    </sm:Utbetaldatider><sm:totbelopp>14000</sm:totbelopp></sm:Utbetalning>\
    <sm:Utbetalning><sm:utbetdatum>20250225</sm:utbetdatum><sm:utbetstatus>Planerad</sm:utbetstatus><sm:Utbetaldatider/>\
    <sm:totbelopp>14000</sm:totbelopp></sm:Utbetalning>\
    </sm:UtbetalningsPlan></p:Arende></p:Arenden></p:Studiemedel>";

#[test]
fn csn_case_with_applied_and_granted_periods_and_a_payment_plan() {
    let answer = csn_answer("Status=\"          \" sekretess=\"J\"", CSN_CASE);
    let svar = base64::engine::general_purpose::STANDARD.encode(&answer);
    let (data, warnings) = expect_ok(csn::interpret_svar(&spec(), &svar));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let person = data.person.unwrap();
    assert_eq!(person.protection[0].kind, ProtectionKind::Protected);
    assert_eq!(person.protection[0].field, "@sekretess");
    assert_eq!(data.study_support.len(), 1);
    let case = &data.study_support[0];
    assert_eq!(case.support_form.code, "GRUND");
    assert_eq!(case.status, DecisionStatus::Final);
    assert_eq!(case.applied.len(), 2);
    assert_eq!(
        case.applied[0].period,
        Some(period((2025, 1, 13), (2025, 6, 8)))
    );
    assert!(case.applied[0].loan_applied);
    assert_eq!(case.applied[1].period, None, "0 = not decided");
    assert_eq!(case.applied[1].extent_percent, Some(50));
    let granted = &case.granted[0];
    assert_eq!(
        granted.period,
        period((2025, 1, 13), (2025, 6, 8)),
        "Monday of week 3 to Sunday of week 23"
    );
    assert_eq!(granted.pace_percent, Some(100));
    assert_eq!(granted.amounts[1].kind.code, "GRUNDL");
    assert_eq!(granted.amounts[1].amount, Amount::from_kronor(2500));
    assert_eq!(granted.amounts[1].total, Some(Amount::from_kronor(52500)));
    assert_eq!(data.payments.len(), 2);
    let paid = &data.payments[0];
    assert_eq!(
        (paid.payer.as_str(), paid.state),
        ("CSN", PaymentState::Effected)
    );
    assert_eq!(paid.payout_on, Some(date(2025, 1, 25)));
    assert_eq!(paid.covers, Some(period((2025, 1, 13), (2025, 2, 9))));
    assert_eq!(paid.gross, Some(Amount::from_kronor(14000)));
    assert_eq!(data.payments[1].state, PaymentState::Planned);
    assert_eq!(data.payments[1].covers, None);
}

#[test]
fn csn_no_match_and_result_errors() {
    let not_found = csn_answer("Status=\"Ej träff\"", "<p:Studiemedel/>");
    assert!(expect_no_match(csn::interpret(&spec(), &root(&not_found))).is_empty());
    let failed = csn_answer("", "<p:Studiemedel/>").replace(
        "<ResultatKod>0</ResultatKod><ResultatText>OK</ResultatText>",
        "<ResultatKod>8</ResultatKod><ResultatText>Tjänsten är stängd</ResultatText>",
    );
    let (code, message) = expect_source_error(csn::interpret(&spec(), &root(&failed)));
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("8", "Tjänsten är stängd")
    );
}

#[test]
fn csn_soap_body_carries_base64() {
    let svar = base64::engine::general_purpose::STANDARD.encode(csn_answer("", CSN_CASE));
    let body = soap(&format!(
        "<k:KommunfragaResponse xmlns:k=\"http://schema.csn.se/v4.0/kommunfraga\"><k:svar>{svar}</k:svar></k:KommunfragaResponse>"
    ));
    let (data, _) = expect_ok(csn::interpret_body(
        &spec(),
        body.as_bytes(),
        Some("text/xml; charset=utf-8"),
    ));
    assert_eq!(data.study_support.len(), 1);
}

// ---- SKV

pub(crate) fn skv_answer(personuppgift: &str) -> String {
    format!(
        "<SvarBeskattningsuppgifterEnligtSFS2008-975 xmlns=\"http://xmls.skatteverket.se/se/skatteverket/zg/instans/standardiseradInformation/1.0\" \
         xmlns:b=\"http://xmls.skatteverket.se/se/skatteverket/zg/komponent/infoForBeskattning/1.0\" \
         xmlns:f=\"http://xmls.skatteverket.se/se/skatteverket/zg/komponent/infoForFolkbokforing/1.0\">\
         <PersonuppgiftLista><Personuppgift><f:IdentitetsbeteckningFysiskPerson>{VALID_PNR}</f:IdentitetsbeteckningFysiskPerson>\
         {personuppgift}</Personuppgift></PersonuppgiftLista></SvarBeskattningsuppgifterEnligtSFS2008-975>"
    )
}

pub(crate) fn skv_body(svar_document: &str) -> String {
    let escaped = svar_document
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    soap(&format!(
        "<s:BeskattningsuppgifterResponse xmlns:s=\"http://beskattningws.ws.service.bs.zg.rsv.se/\"><svar>{escaped}</svar></s:BeskattningsuppgifterResponse>"
    ))
}

#[test]
fn skv_capital_income_and_tax_account_payout() {
    let answer = skv_answer(
        "<StatusPersonuppgiftKod>0</StatusPersonuppgiftKod>\
         <Kapitaluppgift><b:Taxeringsar>2024</b:Taxeringsar><b:SummaIntakterPaKapital>1500</b:SummaIntakterPaKapital>\
         <b:OverskottPaKapital>0</b:OverskottPaKapital></Kapitaluppgift>\
         <Kapitaluppgift><b:Taxeringsar>2025</b:Taxeringsar><b:SummaIntakterPaKapital>0</b:SummaIntakterPaKapital>\
         <b:OverskottPaKapital>0</b:OverskottPaKapital></Kapitaluppgift>\
         <Skattekontouppgift><Belopp>4312</Belopp><Bokforingsdatum>2025-06-03</Bokforingsdatum></Skattekontouppgift>",
    );
    let (data, warnings) = expect_ok(skv::interpret_body(
        &spec(),
        skv_body(&answer).as_bytes(),
        None,
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(data.capital_income.len(), 2);
    assert_eq!(
        data.capital_income[0].total_income,
        Amount::from_kronor(1500)
    );
    assert_eq!(data.tax_account_payouts.len(), 1);
    assert_eq!(
        data.tax_account_payouts[0].amount,
        Amount::from_kronor(4312)
    );
    assert_eq!(data.tax_account_payouts[0].booked_on, date(2025, 6, 3));
    assert!(data.notices.is_empty());
}

#[test]
fn skv_status_1_is_no_match_and_a_fault_is_a_source_error() {
    let none = skv_answer("<StatusPersonuppgiftKod>1</StatusPersonuppgiftKod>");
    assert!(expect_no_match(skv::interpret_svar(&spec(), &none)).is_empty());
    let fault = soap(
        "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Fel</faultstring><detail>\
         <s:Exception xmlns:s=\"http://beskattningws.ws.service.bs.zg.rsv.se/\"><MeddelandeKod>9071004</MeddelandeKod>\
         <MeddelandeText>Tjänsten är inte tillgänglig</MeddelandeText></s:Exception></detail></soap:Fault>",
    );
    let (code, message) = expect_source_error(skv::interpret_body(&spec(), fault.as_bytes(), None));
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("9071004", "Tjänsten är inte tillgänglig")
    );
}

// ---- SO

fn so_answer(list: &str) -> String {
    format!(
        "<GetUnemploymentBenefitPaymentResponse xmlns=\"http://INT014.UBPService.Schemas\">\
         <OrganisationsnummerIngivare>162120000142</OrganisationsnummerIngivare><NamnIngivare>Testkommun</NamnIngivare>\
         <KontonamnHandlaggare>HL1</KontonamnHandlaggare><Referensnummer>q-1</Referensnummer><From>2025-01-01</From>\
         <Tom>2025-12-31</Tom><Syfte>Försörjningsstöd</Syfte><Paragraf>SoL</Paragraf>\
         <IdentificationNumber>{VALID_PNR}</IdentificationNumber><ArbetsloshetsersattningLista>{list}</ArbetsloshetsersattningLista>\
         </GetUnemploymentBenefitPaymentResponse>"
    )
}

fn fund(name: &str, status: &str, rest: &str) -> String {
    format!(
        "<Arbetsloshetsersattning><SvarandeOrganisation>{name}</SvarandeOrganisation>\
         <StatusSvarandeOrganisation>{status}</StatusSvarandeOrganisation>{rest}</Arbetsloshetsersattning>"
    )
}

#[test]
fn so_no_match_when_no_fund_knows_the_person() {
    assert!(expect_no_match(so::interpret(&spec(), &root(&so_answer("")))).is_empty());
    let strangers = so_answer(&(fund("A", "not member", "") + &fund("B", "not member", "")));
    assert!(expect_no_match(so::interpret(&spec(), &root(&strangers))).is_empty());
}

#[test]
fn so_funds_that_could_not_answer_are_never_no_benefit() {
    let silent = so_answer(&(fund("A", "not member", "") + &fund("B", "timeout", "")));
    let (code, message) = expect_source_error(so::interpret(&spec(), &root(&silent)));
    assert_eq!(code, "timeout");
    assert!(message.starts_with("B: "), "{message}");
}

#[test]
fn so_fund_status_suspensions_and_application_in_utf16() {
    let answer = so_answer(
        &(fund(
            "Kommunals a-kassa",
            "all clear",
            "<Utbetalningar><Utbetalningsdatum>2025-02-10</Utbetalningsdatum><NettoEfterSkatt>8000.5</NettoEfterSkatt>\
         <NettoEfterAvdrag>7900</NettoEfterAvdrag><Ersattningsdagar>10.5</Ersattningsdagar><AvserFrom>2025-01-06</AvserFrom>\
         <AvserTom>2025-02-02</AvserTom></Utbetalningar>\
         <Avstangningar><AvstangdFrom>2025-03-01</AvstangdFrom><AvstangdTom>2025-03-20</AvstangdTom></Avstangningar>\
         <AnsoktOmErsattning><BeslutOmRattTillErsattning xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>\
         <AnsokanOmUtbetalningInlamnad>true</AnsokanOmUtbetalningInlamnad></AnsoktOmErsattning>",
        ) + &fund("Unionens a-kassa", "technical error", "")),
    );
    let mut body = vec![0xFF, 0xFE];
    body.extend(soap(&answer).encode_utf16().flat_map(u16::to_le_bytes));
    let (data, warnings) = expect_ok(so::interpret_body(
        &spec(),
        &body,
        Some("text/xml; charset=utf-16"),
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(data.unemployment_funds.len(), 2);
    let kommunal = &data.unemployment_funds[0];
    assert_eq!(kommunal.suspensions, [period((2025, 3, 1), (2025, 3, 20))]);
    assert_eq!(kommunal.entitlement_decided_on, None);
    assert_eq!(kommunal.payment_applied, Some(true));
    assert_eq!(data.notices.len(), 1);
    assert_eq!(data.notices[0].code, "technical error");
    assert_eq!(
        data.notices[0].concerns.as_deref(),
        Some("Unionens a-kassa")
    );
    let payment = &data.payments[0];
    assert_eq!(payment.net_after_tax, Some(Amount::from_ore(800_050)));
    assert_eq!(payment.net, Some(Amount::from_kronor(7900)));
    assert_eq!(payment.days, Some(Decimal::new(105, 1)));
}

/// Mutation survivor (issue 16): `xsi:nil="true"` decides, even when a (schema-invalid)
/// element also carries a date: the entitlement decision is not taken.
#[test]
fn so_a_nil_decision_with_a_date_in_it_is_no_decision() {
    let answer = so_answer(&fund(
        "Kommunals a-kassa",
        "all clear",
        "<AnsoktOmErsattning><BeslutOmRattTillErsattning xsi:nil=\"true\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">2025-01-15</BeslutOmRattTillErsattning>\
         <AnsokanOmUtbetalningInlamnad>false</AnsokanOmUtbetalningInlamnad></AnsoktOmErsattning>",
    ));
    let (data, _) = expect_ok(so::interpret(&spec(), &root(&answer)));
    let fund = &data.unemployment_funds[0];
    assert_eq!(fund.entitlement_decided_on, None);
    assert_eq!(fund.payment_applied, Some(false));
}

// ---- TNS

fn tns_answer(inner: &str) -> String {
    format!(
        "<t:HamtaUppgifterResponse xmlns:t=\"http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1\" \
         xmlns:f=\"http://schema.transportstyrelsen.se/ssbtek/fordon/1\">{inner}</t:HamtaUppgifterResponse>"
    )
}

#[test]
fn tns_fel_is_a_source_error_and_ok_without_vehicles_is_no_match() {
    let failed = tns_answer(
        "<t:resultat>FEL</t:resultat><t:felresultat><t:felkod>101</t:felkod><t:feltext>Okänd person</t:feltext></t:felresultat>\
         <t:felresultat><t:felkod>102</t:felkod><t:feltext>Försök igen</t:feltext></t:felresultat>",
    );
    let (code, message) =
        expect_source_error(tns::interpret_body(&spec(), soap(&failed).as_bytes(), None));
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("101,102", "Okänd person; Försök igen")
    );
    for none in [
        "<t:resultat>OK</t:resultat>",
        "<t:resultat>OK</t:resultat><t:fordonsinnehav/>",
    ] {
        expect_no_match(tns::interpret(&spec(), &root(&tns_answer(none))));
    }
}

// ---- MIV

pub(crate) fn miv_answer(response: &str) -> String {
    format!(
        "<m:findByPersonnummerResponse xmlns:m=\"http://schema.migrationsverket.se/ssbtek/1/\">{response}</m:findByPersonnummerResponse>"
    )
}

#[test]
fn miv_no_match_time_limited_permits_and_faults() {
    let none = miv_answer("<response><correlationid>c</correlationid></response>");
    assert!(expect_no_match(miv::interpret(&spec(), &root(&none))).is_empty());
    let limited = miv_answer(&format!(
        "<response><correlationid>c</correlationid><personnummer>{VALID_PNR}</personnummer><svarCollection><svar>\
         <anledning>ARB</anledning><anledningNamn>Arbete</anledningNamn><arendeTyp>UAT</arendeTyp>\
         <beslutsKod>BEV</beslutsKod><beslutsTyp>TUT</beslutsTyp><beslutsdatum>2024-02-01Z</beslutsdatum>\
         <fromDatum>2024-02-15+01:00</fromDatum><giltighetstid>TIDBEGRANSAT</giltighetstid><tomDatum>2026-02-14+01:00</tomDatum>\
         </svar></svarCollection></response>"
    ));
    let (data, warnings) = expect_ok(miv::interpret_body(
        &spec(),
        soap(&limited).as_bytes(),
        None,
    ));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let permit = &data.permits[0];
    assert_eq!(permit.validity, Some(PermitValidity::TimeLimited));
    assert_eq!(permit.valid, Some(period((2024, 2, 15), (2026, 2, 14))));
    assert_eq!(
        permit.reason.as_ref().unwrap().label.as_deref(),
        Some("Arbete")
    );
    let fault = soap(
        "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>x</faultstring><detail>\
         <m:SSBTEKSoapException xmlns:m=\"http://schema.migrationsverket.se/ssbtek/1/\"><faultCode>MIV-17</faultCode>\
         <faultString>Internt fel</faultString></m:SSBTEKSoapException></detail></soap:Fault>",
    );
    let (code, message) = expect_source_error(miv::interpret_body(&spec(), fault.as_bytes(), None));
    assert_eq!((code.as_str(), message.as_str()), ("MIV-17", "Internt fel"));
}

#[test]
fn a_value_the_model_cannot_hold_is_an_error_even_where_the_rules_only_warn() {
    // utbetstatus outside the kodverk is a warning by the field rules, but a payment that is
    // neither planned nor paid cannot be represented: dropping it would hide income.
    let answer = csn_answer("", &CSN_CASE.replacen("Planerad", "Makulerad", 1));
    let violations = expect_invalid(csn::interpret(&spec(), &root(&answer)));
    assert!(
        violations.iter().any(|v| v.rule == "CSN-038"),
        "{violations:#?}"
    );
    assert!(
        violations
            .iter()
            .any(|v| v.rule == underlag_upstream::RULE_MAPPING
                && v.path.ends_with("Utbetalning[2]/utbetstatus")),
        "{violations:#?}"
    );
}
