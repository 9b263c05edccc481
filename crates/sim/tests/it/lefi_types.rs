//! Typed mirrors of the LEFI v9 OpenAPI schemas (`lefi-formansinformation-v9.openapi.yaml`),
//! written from the OpenAPI independently of the simulator's own types. Every struct denies
//! unknown fields, so a misspelt or misplaced key in an answer fails deserialization; types
//! follow the OpenAPI (`summa` a number, PM amounts integers, codes from the enums).
#![allow(dead_code)]

use serde::Deserialize;

/// `LefiExternFormansinformationSvar`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Svar {
    pub utlamnare: Vec<UtlamnareTillstand>,
    pub avvikelser: Option<Avvikelser>,
    pub formansinformation: Option<Formansinformation>,
    pub ansprak: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    pub beslut: Vec<PmBeslut>,
    #[serde(default)]
    pub preliminara_utbetalningar: Vec<PmUtbetalning>,
    #[serde(default)]
    pub utbetalningar: Vec<PmUtbetalning>,
    pub ovrig_information: Option<Vec<serde_json::Value>>,
}

/// `LefiUtlamnareTillstand`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtlamnareTillstand {
    pub utlamnare: Option<Utlamnare>,
    pub tillstand: Option<Tillstand>,
}

/// `LefiUtlamnare`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Utlamnare {
    pub kod: UtlamnareKod,
    pub namn: Option<String>,
}

/// `LefiUtlamnareKod`.
#[derive(Debug, Deserialize, PartialEq)]
pub enum UtlamnareKod {
    FK,
    PM,
}

/// `LefiTillstand`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tillstand {
    pub kod: TillstandKod,
    pub beskrivning: Option<String>,
}

/// `LefiTillstandKod`.
#[derive(Debug, Deserialize, PartialEq)]
pub enum TillstandKod {
    OK,
    FELANDE,
    OTILLGANGLIG,
}

/// `LefiExternFormansinformationAvvikelser`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Avvikelser {
    pub formansinformation: Option<Vec<serde_json::Value>>,
    pub ansprak: Option<Vec<serde_json::Value>>,
    pub beslut: Option<Vec<serde_json::Value>>,
    pub preliminara_utbetalningar: Option<Vec<serde_json::Value>>,
    pub utbetalningar: Option<Vec<serde_json::Value>>,
    pub ovrig_information: Option<Vec<serde_json::Value>>,
}

/// `LefiFormansinformation` (the keys the simulator may send; any other key fails).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Formansinformation {
    #[serde(default)]
    pub generell_personinformation: Vec<Personinformation>,
    #[serde(default)]
    pub aktivitetsstodsarende: Vec<AktivitetsstodArende>,
    #[serde(default)]
    pub barnbidragsarende: Vec<BarnbidragArende>,
    #[serde(default)]
    pub bostadsbidragsarende: Vec<BostadsbidragArende>,
    #[serde(default)]
    pub underhallsstodsmottag: Vec<UnderhallsstodArende>,
    #[serde(default)]
    pub utbetalningsuppgift: Vec<UtbetalningUppgift>,
    #[serde(default)]
    pub preliminarautbetalningar: Vec<UtbetalningUppgift>,
}

/// `LefiPersoninformation`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Personinformation {
    pub personnummer: Option<String>,
    pub foddes: Option<String>,
    pub namn: Option<String>,
    pub skyddad: Option<bool>,
    pub avled: Option<Vec<String>>,
    #[serde(default)]
    pub adress: Vec<Adress>,
    pub arbetsstallen: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    pub barn: Vec<Person>,
    pub civilstand: Option<Sifferkod>,
    pub folkbokford: Option<Vec<Folkbokforingsuppgift>>,
    pub medborgarskap: Option<Vec<serde_json::Value>>,
    pub samhorig: Option<Vec<Person>>,
}

/// `LefiAdress`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adress {
    pub roller: Option<Vec<Sifferkod>>,
    pub utdelningadress: Option<Vec<String>>,
    pub postnummer: Option<String>,
    pub postort: Option<String>,
    pub land: Option<Land>,
}

/// `LefiLand`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Land {
    pub kod: Option<String>,
    pub namn: Option<String>,
}

/// `LefiFolkbokforingsuppgift`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Folkbokforingsuppgift {
    pub lan: Option<String>,
    pub kommun: Option<String>,
}

/// `LefiPerson`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub personnummer: Option<String>,
    pub foddes: Option<String>,
    pub namn: Option<String>,
    pub skyddad: Option<bool>,
    pub avled: Option<Vec<String>>,
}

/// `LefiSifferkod`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sifferkod {
    pub id: Option<i64>,
    pub beskrivning: Option<String>,
}

/// `LefiBokstavskod`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bokstavskod {
    pub id: Option<String>,
    pub beskrivning: Option<String>,
}

/// `LefiFranTill`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FranTill {
    pub fran: Option<String>,
    pub till: Option<String>,
}

/// `LefiBelopp`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Belopp {
    pub summa: Option<f64>,
    pub valuta: Option<String>,
}

/// `LefiOmfattning`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Omfattning {
    pub taljare: Option<i64>,
    pub namnare: Option<i64>,
}

/// `LefiAktivitetsstodArende`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AktivitetsstodArende {
    pub startades: Option<String>,
    pub aktivt: Option<bool>,
    pub avslaget: Option<bool>,
    pub grunduppgifter: Option<AktivitetsstodUppgifter>,
    #[serde(default)]
    pub beslut: Vec<AktivitetsstodBeslut>,
}

/// `LefiAktivitetsstodUppgifter`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AktivitetsstodUppgifter {
    pub atgardstyp: Option<Sifferkod>,
}

/// `LefiAktivitetsstodBeslut`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AktivitetsstodBeslut {
    pub fattades: Option<String>,
    pub definitivt: Option<bool>,
    pub forman: Option<Bokstavskod>,
    pub delforman: Option<Bokstavskod>,
    pub periodicitet: Option<Sifferkod>,
    pub period: Option<FranTill>,
    pub beslutat_bruttobelopp: Option<Belopp>,
    pub dagar: Option<i64>,
    pub karens: Option<bool>,
    pub ersattning: Option<Sifferkod>,
}

/// `LefiBarnbidragArende`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarnbidragArende {
    pub grunduppgifter: Option<BarnUppgifter>,
    #[serde(default)]
    pub beslut: Vec<PeriodBeslut>,
}

/// `LefiBarnbidragUppgifter` / `LefiUnderhallsstodUppgifter`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BarnUppgifter {
    pub barn: Option<Person>,
}

/// `LefiBarnbidragBeslut` / `LefiBostadsbidragBeslut` (without `underlag`, which the
/// simulator does not send).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PeriodBeslut {
    pub fattades: Option<String>,
    pub definitivt: Option<bool>,
    pub forman: Option<Bokstavskod>,
    pub delforman: Option<Bokstavskod>,
    pub periodicitet: Option<Sifferkod>,
    pub period: Option<FranTill>,
    pub beslutat_bruttobelopp: Option<Belopp>,
}

/// `LefiBostadsbidragArende`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BostadsbidragArende {
    pub startades: Option<String>,
    pub aktivt: Option<bool>,
    pub avslaget: Option<bool>,
    pub medsokande: Option<Vec<Person>>,
    #[serde(default)]
    pub beslut: Vec<PeriodBeslut>,
}

/// `LefiUnderhallsstodArende`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnderhallsstodArende {
    pub startades: Option<String>,
    pub aktivt: Option<bool>,
    pub avslaget: Option<bool>,
    pub grunduppgifter: Option<BarnUppgifter>,
    #[serde(default)]
    pub beslut: Vec<UnderhallsstodBeslut>,
}

/// `LefiUnderhallsstodBeslut`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UnderhallsstodBeslut {
    pub fattades: Option<String>,
    pub definitivt: Option<bool>,
    pub forman: Option<Bokstavskod>,
    pub delforman: Option<Bokstavskod>,
    pub periodicitet: Option<Sifferkod>,
    pub period: Option<FranTill>,
    pub beslutat_bruttobelopp: Option<Belopp>,
    pub ersattning: Option<Sifferkod>,
    pub samordnat_bruttobelopp: Option<Belopp>,
}

/// `LefiUtbetalningUppgift`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtbetalningUppgift {
    pub typ: Option<Sifferkod>,
    pub foretag: Option<Sifferkod>,
    pub formansfamilj: Option<Bokstavskod>,
    pub datum: Option<String>,
    pub period: Option<FranTill>,
    pub bruttobelopp: Option<Belopp>,
    pub skattebelopp: Option<Belopp>,
    pub avdragsbelopp: Option<Belopp>,
    pub nettobelopp: Option<Belopp>,
    #[serde(default)]
    pub utbetalningsdetalj: Vec<UtbetalningDetalj>,
}

/// `LefiUtbetalningDetalj`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UtbetalningDetalj {
    pub forman: Option<Bokstavskod>,
    pub period: Option<FranTill>,
    pub beloppstyp: Option<Bokstavskod>,
    pub omfattning: Option<Omfattning>,
    pub dagar: Option<i64>,
    pub timmar: Option<i64>,
    pub bruttobelopp: Option<Belopp>,
    pub skattebelopp: Option<Belopp>,
    pub avdragsbelopp: Option<Belopp>,
}

/// `{kod, beskrivning}` objects of the PM model (both required).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KodBeskrivning<K> {
    pub kod: K,
    pub beskrivning: String,
}

/// `LefiPmFormanGruppKod`.
#[derive(Debug, Deserialize, PartialEq)]
pub enum PmGruppKod {
    #[serde(rename = "PM:AP")]
    Ap,
    #[serde(rename = "PM:BTI")]
    Bti,
    #[serde(rename = "PM:EF")]
    Ef,
}

/// `LefiPmFormanBeslut`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PmBeslut {
    pub beslutsid: Option<String>,
    pub beslutsdatum: Option<String>,
    pub formansgrupp: Option<KodBeskrivning<PmGruppKod>>,
    pub beslutsstatus: Option<KodBeskrivning<String>>,
    pub beslutsutfall: Option<KodBeskrivning<String>>,
    #[serde(default)]
    pub beslutad_ersattning: Vec<PmBeslutadErsattning>,
    pub tillagg: Option<PmTillagg>,
}

/// `LefiPmFormanBeslutadErsattning`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PmBeslutadErsattning {
    pub beslutat_belopp: Option<PmBeslutatBelopp>,
    pub period: Option<PeriodMedValfrittTom>,
    pub ersattningstyp: Option<KodBeskrivning<String>>,
    pub omfattning: Option<f64>,
    pub underlag: Option<serde_json::Value>,
}

/// `LefiPmFormanBeslutatBelopp`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PmBeslutatBelopp {
    pub belopp: Option<i64>,
    pub beloppsfrekvens: Option<KodBeskrivning<String>>,
}

/// `LefiPeriodMedValfrittTom` / `LefiPeriod`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodMedValfrittTom {
    pub from: String,
    pub tom: Option<String>,
}

/// `LefiPmFormanBeslutTillagg`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PmTillagg {
    pub allmanpension: Option<serde_json::Value>,
    pub bostads_inkomststod: Option<PmBostadsInkomststod>,
    pub efterlevandeformaner: Option<serde_json::Value>,
}

/// `LefiPmFormanBeslutTillaggBostadsInkomststod`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PmBostadsInkomststod {
    pub berakningsunderlag: Option<PmBerakningsunderlag>,
}

/// `LefiPmFormanBeslutTillaggBostadsInkomststodBerakningsunderlag`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PmBerakningsunderlag {
    pub bostadskostnad_brutto: Option<i64>,
    pub bostadskostnad_netto_bt: Option<i64>,
    pub bostadskostnadd_netto_afs: Option<i64>,
    pub medsokande: Option<String>,
}

/// `LefiPmFormanUtbetalning`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PmUtbetalning {
    pub utbetalningsdatum: Option<String>,
    pub utbetalningsperiod: Option<PeriodMedValfrittTom>,
    pub bruttobelopp: Option<i64>,
    pub nettobelopp: Option<i64>,
    #[serde(default)]
    pub avdrag: Vec<PmAvdrag>,
    #[serde(default)]
    pub utbetalningsrader: Vec<PmRad>,
}

/// `LefiPmFormanUtbetalningAvdrag`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PmAvdrag {
    pub belopp: Option<i64>,
    pub avdragstyp: Option<KodBeskrivning<String>>,
}

/// `LefiPmFormanUtbetalningRad`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PmRad {
    pub formansgrupp: Option<KodBeskrivning<PmGruppKod>>,
    pub belopp: Option<i64>,
    pub utbetalningsforman: Option<KodBeskrivning<String>>,
    pub beloppstyp: Option<KodBeskrivning<String>>,
}

/// `LefiFelsvar`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Felsvar {
    pub meddelande: Option<String>,
    pub timestamp: Option<String>,
}

/// `LefiExternTillgangligaInformationstyper`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TillgangligaInformationstyper {
    pub utlamnare: Option<Vec<UtlamnareTillstand>>,
    pub formansinformation: Option<Vec<KodBeskrivning<String>>>,
    pub ansprak: Option<Vec<KodBeskrivning<PmGruppKod>>>,
    pub beslut: Option<Vec<KodBeskrivning<PmGruppKod>>>,
    pub preliminara_utbetalningar: Option<Vec<KodBeskrivning<String>>>,
    pub utbetalningar: Option<Vec<KodBeskrivning<String>>>,
    pub ovrig_information: Option<Vec<KodBeskrivning<String>>>,
}
