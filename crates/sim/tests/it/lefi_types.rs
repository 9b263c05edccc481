//! Typed mirrors of the LEFI v9 OpenAPI schemas (`lefi-formansinformation-v9.openapi.yaml`),
//! written from the OpenAPI independently of the simulator's own types. Every struct denies
//! unknown fields, so a misspelt or misplaced key in an answer fails deserialization; types
//! follow the OpenAPI (`summa` a number, PM amounts integers, codes from the enums).
#![allow(dead_code)]

use serde::Deserialize;

/// `LefiExternFormansinformationSvar`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Svar {
    pub(crate) utlamnare: Vec<UtlamnareTillstand>,
    pub(crate) avvikelser: Option<Avvikelser>,
    pub(crate) formansinformation: Option<Formansinformation>,
    pub(crate) ansprak: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    pub(crate) beslut: Vec<PmBeslut>,
    #[serde(default)]
    pub(crate) preliminara_utbetalningar: Vec<PmUtbetalning>,
    #[serde(default)]
    pub(crate) utbetalningar: Vec<PmUtbetalning>,
    pub(crate) ovrig_information: Option<Vec<serde_json::Value>>,
}

/// `LefiUtlamnareTillstand`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UtlamnareTillstand {
    pub(crate) utlamnare: Option<Utlamnare>,
    pub(crate) tillstand: Option<Tillstand>,
}

/// `LefiUtlamnare`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Utlamnare {
    pub(crate) kod: UtlamnareKod,
    pub(crate) namn: Option<String>,
}

/// `LefiUtlamnareKod`.
#[derive(Debug, Deserialize, PartialEq)]
pub(crate) enum UtlamnareKod {
    FK,
    PM,
}

/// `LefiTillstand`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Tillstand {
    pub(crate) kod: TillstandKod,
    pub(crate) beskrivning: Option<String>,
}

/// `LefiTillstandKod`.
#[derive(Debug, Deserialize, PartialEq)]
pub(crate) enum TillstandKod {
    #[serde(rename = "OK")]
    Ok,
    #[serde(rename = "FELANDE")]
    Felande,
    #[serde(rename = "OTILLGANGLIG")]
    Otillganglig,
}

/// `LefiExternFormansinformationAvvikelser`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Avvikelser {
    pub(crate) formansinformation: Option<Vec<serde_json::Value>>,
    pub(crate) ansprak: Option<Vec<serde_json::Value>>,
    pub(crate) beslut: Option<Vec<serde_json::Value>>,
    pub(crate) preliminara_utbetalningar: Option<Vec<serde_json::Value>>,
    pub(crate) utbetalningar: Option<Vec<serde_json::Value>>,
    pub(crate) ovrig_information: Option<Vec<serde_json::Value>>,
}

/// `LefiFormansinformation` (the keys the simulator may send; any other key fails).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Formansinformation {
    #[serde(default)]
    pub(crate) generell_personinformation: Vec<Personinformation>,
    #[serde(default)]
    pub(crate) aktivitetsstodsarende: Vec<AktivitetsstodArende>,
    #[serde(default)]
    pub(crate) barnbidragsarende: Vec<BarnbidragArende>,
    #[serde(default)]
    pub(crate) bostadsbidragsarende: Vec<BostadsbidragArende>,
    #[serde(default)]
    pub(crate) underhallsstodsmottag: Vec<UnderhallsstodArende>,
    #[serde(default)]
    pub(crate) utbetalningsuppgift: Vec<UtbetalningUppgift>,
    #[serde(default)]
    pub(crate) preliminarautbetalningar: Vec<UtbetalningUppgift>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) allmanpensionsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) arbetsskadeefterlevandearende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) arbetsskadeegenlivrantearende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) bostadstillaggsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) efterlevandepensionsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) mottagareavbarnbidrag: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) foraldrapenningarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) forebyggande_sjukpenningsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) handikappersattningsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) graviditetspenningsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) merkostnadsersattningsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) narstaendepenningarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) omvardnadsbidragsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) programersattningsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) rehabersattningsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) sjuk_och_aktivitetsersattningsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) sjukpenningarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) smittbararersattningsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) tillfallig_foraldrapenningarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) totalforsvarspliktsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) underhallsstodskrav: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) vardbidragsarende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) yrkesskadeefterlevandearende: Vec<serde_json::Value>,
    /// Checked field by field against the OpenAPI by `lefi_schema`.
    #[serde(default)]
    pub(crate) yrkesskadeegenlivrantearende: Vec<serde_json::Value>,
}

/// `LefiPersoninformation`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Personinformation {
    pub(crate) personnummer: Option<String>,
    pub(crate) foddes: Option<String>,
    pub(crate) namn: Option<String>,
    pub(crate) skyddad: Option<bool>,
    pub(crate) avled: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) adress: Vec<Adress>,
    pub(crate) arbetsstallen: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    pub(crate) barn: Vec<Person>,
    pub(crate) civilstand: Option<Sifferkod>,
    pub(crate) folkbokford: Option<Vec<Folkbokforingsuppgift>>,
    pub(crate) medborgarskap: Option<Vec<serde_json::Value>>,
    pub(crate) samhorig: Option<Vec<Person>>,
}

/// `LefiAdress`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Adress {
    pub(crate) roller: Option<Vec<Sifferkod>>,
    pub(crate) utdelningadress: Option<Vec<String>>,
    pub(crate) postnummer: Option<String>,
    pub(crate) postort: Option<String>,
    pub(crate) land: Option<Land>,
}

/// `LefiLand`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Land {
    pub(crate) kod: Option<String>,
    pub(crate) namn: Option<String>,
}

/// `LefiFolkbokforingsuppgift`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Folkbokforingsuppgift {
    pub(crate) lan: Option<String>,
    pub(crate) kommun: Option<String>,
}

/// `LefiPerson`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Person {
    pub(crate) personnummer: Option<String>,
    pub(crate) foddes: Option<String>,
    pub(crate) namn: Option<String>,
    pub(crate) skyddad: Option<bool>,
    pub(crate) avled: Option<Vec<String>>,
}

/// `LefiSifferkod`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Sifferkod {
    pub(crate) id: Option<i64>,
    pub(crate) beskrivning: Option<String>,
}

/// `LefiBokstavskod`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Bokstavskod {
    pub(crate) id: Option<String>,
    pub(crate) beskrivning: Option<String>,
}

/// `LefiFranTill`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FranTill {
    pub(crate) fran: Option<String>,
    pub(crate) till: Option<String>,
}

/// `LefiBelopp`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Belopp {
    pub(crate) summa: Option<f64>,
    pub(crate) valuta: Option<String>,
}

/// `LefiOmfattning`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Omfattning {
    pub(crate) taljare: Option<i64>,
    pub(crate) namnare: Option<i64>,
}

/// `LefiAktivitetsstodArende`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AktivitetsstodArende {
    pub(crate) startades: Option<String>,
    pub(crate) aktivt: Option<bool>,
    pub(crate) avslaget: Option<bool>,
    pub(crate) grunduppgifter: Option<AktivitetsstodUppgifter>,
    #[serde(default)]
    pub(crate) beslut: Vec<AktivitetsstodBeslut>,
}

/// `LefiAktivitetsstodUppgifter`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AktivitetsstodUppgifter {
    pub(crate) atgardstyp: Option<Sifferkod>,
}

/// `LefiAktivitetsstodBeslut`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct AktivitetsstodBeslut {
    pub(crate) fattades: Option<String>,
    pub(crate) definitivt: Option<bool>,
    pub(crate) forman: Option<Bokstavskod>,
    pub(crate) delforman: Option<Bokstavskod>,
    pub(crate) periodicitet: Option<Sifferkod>,
    pub(crate) period: Option<FranTill>,
    pub(crate) beslutat_bruttobelopp: Option<Belopp>,
    pub(crate) dagar: Option<i64>,
    pub(crate) karens: Option<bool>,
    pub(crate) ersattning: Option<Sifferkod>,
}

/// `LefiBarnbidragArende`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BarnbidragArende {
    pub(crate) grunduppgifter: Option<BarnUppgifter>,
    #[serde(default)]
    pub(crate) beslut: Vec<PeriodBeslut>,
}

/// `LefiBarnbidragUppgifter` / `LefiUnderhallsstodUppgifter`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BarnUppgifter {
    pub(crate) barn: Option<Person>,
}

/// `LefiBarnbidragBeslut` / `LefiBostadsbidragBeslut` (`underlag` differs between the two;
/// `lefi_schema` checks it against the OpenAPI).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct PeriodBeslut {
    pub(crate) fattades: Option<String>,
    pub(crate) definitivt: Option<bool>,
    pub(crate) forman: Option<Bokstavskod>,
    pub(crate) delforman: Option<Bokstavskod>,
    pub(crate) periodicitet: Option<Sifferkod>,
    pub(crate) period: Option<FranTill>,
    pub(crate) beslutat_bruttobelopp: Option<Belopp>,
    pub(crate) underlag: Option<serde_json::Value>,
}

/// `LefiBostadsbidragArende`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BostadsbidragArende {
    pub(crate) startades: Option<String>,
    pub(crate) aktivt: Option<bool>,
    pub(crate) avslaget: Option<bool>,
    pub(crate) medsokande: Option<Vec<Person>>,
    #[serde(default)]
    pub(crate) beslut: Vec<PeriodBeslut>,
}

/// `LefiUnderhallsstodArende`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UnderhallsstodArende {
    pub(crate) startades: Option<String>,
    pub(crate) aktivt: Option<bool>,
    pub(crate) avslaget: Option<bool>,
    pub(crate) grunduppgifter: Option<BarnUppgifter>,
    #[serde(default)]
    pub(crate) beslut: Vec<UnderhallsstodBeslut>,
}

/// `LefiUnderhallsstodBeslut`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct UnderhallsstodBeslut {
    pub(crate) fattades: Option<String>,
    pub(crate) definitivt: Option<bool>,
    pub(crate) forman: Option<Bokstavskod>,
    pub(crate) delforman: Option<Bokstavskod>,
    pub(crate) periodicitet: Option<Sifferkod>,
    pub(crate) period: Option<FranTill>,
    pub(crate) beslutat_bruttobelopp: Option<Belopp>,
    pub(crate) ersattning: Option<Sifferkod>,
    pub(crate) samordnat_bruttobelopp: Option<Belopp>,
}

/// `LefiUtbetalningUppgift`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UtbetalningUppgift {
    pub(crate) typ: Option<Sifferkod>,
    pub(crate) foretag: Option<Sifferkod>,
    pub(crate) formansfamilj: Option<Bokstavskod>,
    pub(crate) datum: Option<String>,
    pub(crate) period: Option<FranTill>,
    pub(crate) bruttobelopp: Option<Belopp>,
    pub(crate) skattebelopp: Option<Belopp>,
    pub(crate) avdragsbelopp: Option<Belopp>,
    pub(crate) nettobelopp: Option<Belopp>,
    #[serde(default)]
    pub(crate) utbetalningsdetalj: Vec<UtbetalningDetalj>,
}

/// `LefiUtbetalningDetalj`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UtbetalningDetalj {
    pub(crate) forman: Option<Bokstavskod>,
    pub(crate) period: Option<FranTill>,
    pub(crate) beloppstyp: Option<Bokstavskod>,
    pub(crate) omfattning: Option<Omfattning>,
    pub(crate) dagar: Option<i64>,
    pub(crate) timmar: Option<i64>,
    pub(crate) bruttobelopp: Option<Belopp>,
    pub(crate) skattebelopp: Option<Belopp>,
    pub(crate) avdragsbelopp: Option<Belopp>,
}

/// `{kod, beskrivning}` objects of the PM model (both required).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KodBeskrivning<K> {
    pub(crate) kod: K,
    pub(crate) beskrivning: String,
}

/// `LefiPmFormanGruppKod`.
#[derive(Debug, Deserialize, PartialEq)]
pub(crate) enum PmGruppKod {
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
pub(crate) struct PmBeslut {
    pub(crate) beslutsid: Option<String>,
    pub(crate) beslutsdatum: Option<String>,
    pub(crate) formansgrupp: Option<KodBeskrivning<PmGruppKod>>,
    pub(crate) beslutsstatus: Option<KodBeskrivning<String>>,
    pub(crate) beslutsutfall: Option<KodBeskrivning<String>>,
    #[serde(default)]
    pub(crate) beslutad_ersattning: Vec<PmBeslutadErsattning>,
    pub(crate) tillagg: Option<PmTillagg>,
}

/// `LefiPmFormanBeslutadErsattning`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct PmBeslutadErsattning {
    pub(crate) beslutat_belopp: Option<PmBeslutatBelopp>,
    pub(crate) period: Option<PeriodMedValfrittTom>,
    pub(crate) ersattningstyp: Option<KodBeskrivning<String>>,
    pub(crate) omfattning: Option<f64>,
    pub(crate) underlag: Option<serde_json::Value>,
}

/// `LefiPmFormanBeslutatBelopp`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PmBeslutatBelopp {
    pub(crate) belopp: Option<i64>,
    pub(crate) beloppsfrekvens: Option<KodBeskrivning<String>>,
}

/// `LefiPeriodMedValfrittTom` / `LefiPeriod`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodMedValfrittTom {
    pub(crate) from: String,
    pub(crate) tom: Option<String>,
}

/// `LefiPmFormanBeslutTillagg`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct PmTillagg {
    pub(crate) allmanpension: Option<serde_json::Value>,
    pub(crate) bostads_inkomststod: Option<PmBostadsInkomststod>,
    pub(crate) efterlevandeformaner: Option<serde_json::Value>,
}

/// `LefiPmFormanBeslutTillaggBostadsInkomststod`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PmBostadsInkomststod {
    pub(crate) berakningsunderlag: Option<PmBerakningsunderlag>,
}

/// `LefiPmFormanBeslutTillaggBostadsInkomststodBerakningsunderlag`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct PmBerakningsunderlag {
    pub(crate) bostadskostnad_brutto: Option<i64>,
    pub(crate) bostadskostnad_netto_bt: Option<i64>,
    pub(crate) bostadskostnadd_netto_afs: Option<i64>,
    pub(crate) medsokande: Option<String>,
}

/// `LefiPmFormanUtbetalning`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PmUtbetalning {
    pub(crate) utbetalningsdatum: Option<String>,
    pub(crate) utbetalningsperiod: Option<PeriodMedValfrittTom>,
    pub(crate) bruttobelopp: Option<i64>,
    pub(crate) nettobelopp: Option<i64>,
    #[serde(default)]
    pub(crate) avdrag: Vec<PmAvdrag>,
    #[serde(default)]
    pub(crate) utbetalningsrader: Vec<PmRad>,
}

/// `LefiPmFormanUtbetalningAvdrag`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PmAvdrag {
    pub(crate) belopp: Option<i64>,
    pub(crate) avdragstyp: Option<KodBeskrivning<String>>,
}

/// `LefiPmFormanUtbetalningRad`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PmRad {
    pub(crate) formansgrupp: Option<KodBeskrivning<PmGruppKod>>,
    pub(crate) belopp: Option<i64>,
    pub(crate) utbetalningsforman: Option<KodBeskrivning<String>>,
    pub(crate) beloppstyp: Option<KodBeskrivning<String>>,
}

/// `LefiFelsvar`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Felsvar {
    pub(crate) meddelande: Option<String>,
    pub(crate) timestamp: Option<String>,
}

/// `LefiExternTillgangligaInformationstyper`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct TillgangligaInformationstyper {
    pub(crate) utlamnare: Option<Vec<UtlamnareTillstand>>,
    pub(crate) formansinformation: Option<Vec<KodBeskrivning<String>>>,
    pub(crate) ansprak: Option<Vec<KodBeskrivning<PmGruppKod>>>,
    pub(crate) beslut: Option<Vec<KodBeskrivning<PmGruppKod>>>,
    pub(crate) preliminara_utbetalningar: Option<Vec<KodBeskrivning<String>>>,
    pub(crate) utbetalningar: Option<Vec<KodBeskrivning<String>>>,
    pub(crate) ovrig_information: Option<Vec<KodBeskrivning<String>>>,
}
