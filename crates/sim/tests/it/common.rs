//! Shared test helpers: starting the simulator, an HTTP client, request bodies for each
//! agency (following docs/agency-wire.md), and slicing elements out of answers.

use std::time::Duration;

use jiff::civil::Date;
use underlag_domain::{Period, SourceId};
use underlag_sim::{SimConfig, SimHandle, Simulator};
use underlag_test_support::fixtures::soap_envelope as soap;

pub(crate) use underlag_test_support::fixtures::two_years;

/// Starts a simulator with the default configuration.
pub(crate) async fn start() -> SimHandle {
    Simulator::start(SimConfig::default())
        .await
        .expect("simulator starts")
}

/// A client with a bounded timeout, no connection reuse surprises.
pub(crate) fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()
        .expect("client")
}

/// From six months before to two months after the reference date (preliminary payments).
pub(crate) fn around(reference: Date) -> Period {
    Period::new(
        reference.saturating_sub(jiff::Span::new().months(6)),
        reference.saturating_add(jiff::Span::new().months(2)),
    )
    .unwrap()
}

/// Escapes text for use inside an XML element.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The path each agency answers data questions on.
pub(crate) fn data_path(source: SourceId) -> &'static str {
    match source {
        SourceId::Fk => {
            "/lefi-extern-formansinformation/v9/aktorer/9255f428-4ba0-63ce-5407-e65d469fac0f/formansinformation/fraga"
        }
        SourceId::Af => "/arbetssokande/ersattningsstod/v2/fraga",
        SourceId::Csn => "/kommunfraga/v4",
        SourceId::Skv => "/beskattningws",
        SourceId::So => "/ubpservice/int014",
        SourceId::Tns => "/ssbtek/hamtauppgifter/1",
        SourceId::Miv => "/ssbtek/SSBTEKWebService",
        SourceId::Agi => "/agi/individuppgifter/1",
        SourceId::Kfm => "/kronofogden/galdenar/1",
    }
}

/// The ping path of each agency.
pub(crate) fn ping_path(source: SourceId) -> &'static str {
    match source {
        SourceId::Fk => {
            "/lefi-extern-formansinformation/v9/aktorer/9255f428-4ba0-63ce-5407-e65d469fac0f/tillgangligaInformationstyper"
        }
        SourceId::Af => "/arbetssokande/ersattningsstod/v2/ping",
        SourceId::Csn => "/kommunfraga/v4/ping",
        SourceId::Skv => "/beskattningws/ping",
        SourceId::So => "/ubpservice/int014/ping",
        SourceId::Tns => "/ssbtek/hamtauppgifter/1/ping",
        SourceId::Miv => "/ssbtek/SSBTEKWebService/ping",
        SourceId::Agi => "/agi/individuppgifter/1/ping",
        SourceId::Kfm => "/kronofogden/galdenar/1/ping",
    }
}

/// A LEFI v9 request for every group the simulator serves.
pub(crate) fn fk_request(pnr: &str, p: &Period) -> String {
    serde_json::json!({
        "personnummer": pnr,
        "period": { "from": p.from().to_string(), "tom": p.to().to_string() },
        "formansinformation": ["FK:AS", "FK:ABB", "FK:BOB", "FK:US"],
        "beslut": ["PM:AP", "PM:BTI"],
        "preliminaraUtbetalningar": ["FK:AS", "FK:ABB", "FK:BOB", "FK:US", "PM:AP", "PM:BTI"],
        "utbetalningar": ["FK:AS", "FK:ABB", "FK:BOB", "FK:US", "PM:AP", "PM:BTI"],
        "ovrigInformation": ["FK:GEPI"]
    })
    .to_string()
}

/// An AF `FragaMeddelande`.
pub(crate) fn af_request(pnr: &str, p: &Period) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<FragaMeddelande xmlns="http://api.arbetsformedlingen.se/arbetssokande/ersattningsstod/v2">
  <Inkludera ArbetssokandeInfo="true" AkasseInfo="true" BeslutInfo="true"/>
  <Fraga>
    <OrganisationsnummerForIngivare>162120000142</OrganisationsnummerForIngivare>
    <NamnPaIngivare>Testkommun</NamnPaIngivare>
    <KontonamnForHandlaggare>HL000001</KontonamnForHandlaggare>
    <Referensnummer>Q-0001</Referensnummer>
    <From>{}</From>
    <Tom>{}</Tom>
    <SyfteMedFraga>Handläggning av ekonomiskt bistånd</SyfteMedFraga>
    <LagParagraf>SoL 11 kap. 11 a § &amp; förordning 2008:975</LagParagraf>
    <IdentitetsbeteckningFysiskPerson>{pnr}</IdentitetsbeteckningFysiskPerson>
  </Fraga>
</FragaMeddelande>"#,
        p.from(),
        p.to()
    )
}

/// A CSN `SBNUppgEkBistandBegar` in a SOAP envelope.
pub(crate) fn csn_request(pnr: &str, p: &Period) -> String {
    soap(&format!(
        r#"<sam:SBNUppgEkBistandBegar xmlns:sam="http://www.sambruk.se/SBNyttomeddelanden"><sam:Personnummer>{pnr}</sam:Personnummer><sam:FromDatum>{}</sam:FromDatum><sam:TomDatum>{}</sam:TomDatum><sam:Organisationsnummer>162120000142</sam:Organisationsnummer><sam:Organisationsnamn>Testkommun</sam:Organisationsnamn><sam:Handlaggare>HL000001</sam:Handlaggare><sam:Arendeid>A-1</sam:Arendeid><sam:Syfte>Ekonomiskt bistånd</sam:Syfte><sam:Lagrum>SoL 11 kap. 11 §</sam:Lagrum></sam:SBNUppgEkBistandBegar>"#,
        p.from(),
        p.to()
    ))
}

/// A Skatteverket `BeskattningsuppgifterRequest` carrying the inner request document.
pub(crate) fn skv_request(pnr: &str, p: &Period) -> String {
    let inner = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><BegaranBeskattningsuppgifterEnligtSFS2008-975 xmlns="http://xmls.skatteverket.se/se/skatteverket/zg/instans/standardiseradInformation/1.0"><IdentitetsbeteckningFysiskPerson>{pnr}</IdentitetsbeteckningFysiskPerson><Organisationsnummer>162120000142</Organisationsnummer><Handlaggare>HL000001</Handlaggare><Arendeid>A-1</Arendeid><FromDatum>{}</FromDatum><TomDatum>{}</TomDatum></BegaranBeskattningsuppgifterEnligtSFS2008-975>"#,
        p.from(),
        p.to()
    );
    soap(&format!(
        r#"<ns:BeskattningsuppgifterRequest xmlns:ns="http://beskattningws.ws.service.bs.zg.rsv.se/"><forfragan>{}</forfragan></ns:BeskattningsuppgifterRequest>"#,
        escape(&inner)
    ))
}

/// An a-kassa `GetUnemploymentBenefitPaymentRequest`.
pub(crate) fn so_request(pnr: &str, p: &Period) -> String {
    soap(&format!(
        r#"<in:GetUnemploymentBenefitPaymentRequest xmlns:in="http://INT014.UBPService.Schemas"><in:OrganisationsnummerIngivare>162120000142</in:OrganisationsnummerIngivare><in:NamnIngivare>Testkommun</in:NamnIngivare><in:KontonamnHandlaggare>HL000001</in:KontonamnHandlaggare><in:Referensnummer>Q-0001</in:Referensnummer><in:From>{}</in:From><in:Tom>{}</in:Tom><in:Syfte>Ekonomiskt bistånd</in:Syfte><in:Paragraf>SoL 11 kap. 11 §</in:Paragraf><in:IdentificationNumber>{pnr}</in:IdentificationNumber></in:GetUnemploymentBenefitPaymentRequest>"#,
        p.from(),
        p.to()
    ))
}

/// A Transportstyrelsen `HamtaUppgifter` (century and 10 digits).
pub(crate) fn tns_request(pnr: &str) -> String {
    soap(&format!(
        r#"<tns:HamtaUppgifter xmlns:tns="http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1" xmlns:per="http://schema.transportstyrelsen.se/ssbtek/person/1"><tns:identifikation><per:sekel>{}</per:sekel><per:personnummer>{}</per:personnummer></tns:identifikation></tns:HamtaUppgifter>"#,
        &pnr[..2],
        &pnr[2..]
    ))
}

/// A Migrationsverket `findByPersonnummer`.
pub(crate) fn miv_request(pnr: &str) -> String {
    soap(&format!(
        r#"<miv:findByPersonnummer xmlns:miv="http://schema.migrationsverket.se/ssbtek/1/"><query><korrelationsid>00000000-0000-0000-0000-000000000001</korrelationsid><personnummer>{pnr}</personnummer><ingivare><handlaggare>HL000001</handlaggare><namn>Testkommun</namn><organisationsnummer>162120000142</organisationsnummer></ingivare></query></miv:findByPersonnummer>"#
    ))
}

/// An AGI `HamtaIndividuppgifter` for the months of `p`.
pub(crate) fn agi_request(pnr: &str, p: &Period) -> String {
    let month = |d: jiff::civil::Date| format!("{:04}{:02}", d.year(), d.month());
    format!(
        r#"<HamtaIndividuppgifter xmlns="urn:underlag:agency:skatteverket:agi:1"><BetalningsmottagarId>{pnr}</BetalningsmottagarId><FromRedovisningsperiod>{}</FromRedovisningsperiod><TomRedovisningsperiod>{}</TomRedovisningsperiod></HamtaIndividuppgifter>"#,
        month(p.from()),
        month(p.to())
    )
}

/// A Kronofogden question about `pnr` over `p`.
pub(crate) fn kfm_request(pnr: &str, p: &Period) -> String {
    serde_json::json!({ "personnummer": pnr, "fran": p.from().to_string(), "till": p.to().to_string() })
        .to_string()
}

/// The request body for `source` about `pnr` over `p`.
pub(crate) fn request(source: SourceId, pnr: &str, p: &Period) -> String {
    match source {
        SourceId::Fk => fk_request(pnr, p),
        SourceId::Af => af_request(pnr, p),
        SourceId::Csn => csn_request(pnr, p),
        SourceId::Skv => skv_request(pnr, p),
        SourceId::So => so_request(pnr, p),
        SourceId::Tns => tns_request(pnr),
        SourceId::Miv => miv_request(pnr),
        SourceId::Agi => agi_request(pnr, p),
        SourceId::Kfm => kfm_request(pnr, p),
    }
}

/// Posts a data question to an agency.
pub(crate) async fn ask(
    sim: &SimHandle,
    source: SourceId,
    body: String,
) -> reqwest::Result<reqwest::Response> {
    let content_type = match source {
        SourceId::Fk => "application/json",
        SourceId::Af | SourceId::Agi => "application/xml",
        SourceId::Kfm => "application/json",
        _ => "text/xml; charset=utf-8",
    };
    client()
        .post(format!("{}{}", sim.base_url(source), data_path(source)))
        .header("Content-Type", content_type)
        .header("SOAPAction", "\"\"")
        .body(body)
        .send()
        .await
}

/// The source text of the first element named `local` (it must declare its own namespaces).
pub(crate) fn element(xml: &str, local: &str) -> String {
    let doc = roxmltree::Document::parse(xml).expect("well-formed answer");
    let node = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == local)
        .unwrap_or_else(|| panic!("no element {local}"));
    xml[node.range()].to_owned()
}

/// The text of the first element named `local`.
pub(crate) fn text_of(xml: &str, local: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    doc.descendants()
        .find(|n| n.is_element() && n.tag_name().name() == local)
        .map(|n| n.text().unwrap_or_default().to_owned())
}

/// The texts of every element named `local`.
pub(crate) fn texts_of(xml: &str, local: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed answer");
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == local)
        .map(|n| n.text().unwrap_or_default().to_owned())
        .collect()
}
