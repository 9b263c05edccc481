//! LEFI v9 JSON types, named and nested exactly as the OpenAPI schemas
//! (`lefi-formansinformation-v9.openapi.yaml`), for the parts the simulator produces and
//! the request it reads. One struct may stand for several schemas that share their fields
//! (the case and decision schemas differ only in which optional fields they have).

use serde::{Deserialize, Serialize};

/// `LefiExternFormansinformationFraga`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Fraga {
    pub(super) personnummer: String,
    pub(super) period: Period,
    #[serde(default)]
    pub(super) formansinformation: Vec<String>,
    #[serde(default)]
    pub(super) ansprak: Vec<String>,
    #[serde(default)]
    pub(super) beslut: Vec<String>,
    #[serde(default)]
    pub(super) preliminara_utbetalningar: Vec<String>,
    #[serde(default)]
    pub(super) utbetalningar: Vec<String>,
    #[serde(default)]
    pub(super) ovrig_information: Vec<String>,
}

/// `LefiPeriod` and `LefiPeriodMedValfrittTom`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Period {
    pub(super) from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) tom: Option<String>,
}

/// `LefiFelsvar`.
#[derive(Debug, Serialize)]
pub(super) struct Felsvar {
    pub(super) meddelande: String,
    pub(super) timestamp: String,
}

/// `LefiExternFormansinformationSvar`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Svar {
    pub(super) utlamnare: Vec<UtlamnareTillstand>,
    pub(super) avvikelser: Avvikelser,
    pub(super) formansinformation: Formansinformation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) ansprak: Vec<PmAnsprak>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) beslut: Vec<PmBeslut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) preliminara_utbetalningar: Vec<PmUtbetalning>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) utbetalningar: Vec<PmUtbetalning>,
}

/// `LefiUtlamnareTillstand`.
#[derive(Debug, Serialize)]
pub(super) struct UtlamnareTillstand {
    pub(super) utlamnare: Kodnamn,
    pub(super) tillstand: Kodbeskrivning,
}

/// `LefiUtlamnare` (`kod`, `namn`) and `LefiLand`.
#[derive(Debug, Serialize)]
pub(super) struct Kodnamn {
    pub(super) kod: String,
    pub(super) namn: String,
}

/// `LefiTillstand`, `LefiFkFormanGrupp`, `LefiPmFormanGrupp`, and the other `{kod,
/// beskrivning}` objects of the PM model.
#[derive(Debug, Serialize)]
pub(super) struct Kodbeskrivning {
    pub(super) kod: String,
    pub(super) beskrivning: String,
}

/// `LefiExternFormansinformationAvvikelser` (always empty: the simulator has no deviations).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Avvikelser {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) formansinformation: Vec<AvvikelseGrupp>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) preliminara_utbetalningar: Vec<AvvikelseGrupp>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) utbetalningar: Vec<AvvikelseGrupp>,
}

/// `LefiFkAvvikelseFormanGrupp` / `LefiExternAvvikelseFormanGrupp`.
#[derive(Debug, Serialize)]
pub(super) struct AvvikelseGrupp {
    pub(super) avvikelse: Kodbeskrivning,
    pub(super) formansgrupp: Kodbeskrivning,
}

/// `LefiPmFormanAnsprak`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PmAnsprak {
    pub(super) ansprakid: String,
    pub(super) ankomstdatum: String,
    pub(super) formansgrupp: Kodbeskrivning,
    pub(super) yrkad_period: Period,
}

/// `LefiFormansinformation`, for the groups the population uses.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Formansinformation {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) generell_personinformation: Vec<Personinformation>,
    /// The case lists (`aktivitetsstodsarende`, …), each case as its list's schema has it.
    #[serde(flatten)]
    pub(super) cases: std::collections::BTreeMap<&'static str, Vec<serde_json::Value>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) preliminarautbetalningar: Vec<Utbetalning>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) utbetalningsuppgift: Vec<Utbetalning>,
}

/// `LefiPersoninformation`.
#[derive(Debug, Serialize)]
pub(super) struct Personinformation {
    pub(super) personnummer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) foddes: Option<String>,
    pub(super) namn: String,
    pub(super) skyddad: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) adress: Vec<Adress>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) barn: Vec<Person>,
    pub(super) civilstand: Sifferkod,
    pub(super) folkbokford: Vec<Folkbokford>,
}

/// `LefiAdress`.
#[derive(Debug, Serialize)]
pub(super) struct Adress {
    pub(super) roller: Vec<Sifferkod>,
    pub(super) utdelningadress: Vec<String>,
    pub(super) postnummer: String,
    pub(super) postort: String,
    pub(super) land: Kodnamn,
}

/// `LefiFolkbokforingsuppgift`.
#[derive(Debug, Serialize)]
pub(super) struct Folkbokford {
    pub(super) lan: String,
    pub(super) kommun: String,
}

/// `LefiPerson`.
#[derive(Debug, Serialize)]
pub(super) struct Person {
    pub(super) personnummer: String,
    pub(super) foddes: String,
    pub(super) namn: String,
    pub(super) skyddad: bool,
}

/// `LefiSifferkod`.
#[derive(Debug, Serialize)]
pub(super) struct Sifferkod {
    pub(super) id: i64,
    pub(super) beskrivning: String,
}

/// `LefiBokstavskod`.
#[derive(Debug, Serialize)]
pub(super) struct Bokstavskod {
    pub(super) id: String,
    pub(super) beskrivning: String,
}

/// `LefiFranTill`.
#[derive(Debug, Serialize)]
pub(super) struct FranTill {
    pub(super) fran: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) till: Option<String>,
}

/// `LefiBelopp`: `summa` is a JSON number (double), `valuta` ISO 4217.
#[derive(Debug, Serialize)]
pub(super) struct Belopp {
    pub(super) summa: f64,
    pub(super) valuta: &'static str,
}

/// `LefiUtbetalningUppgift`.
#[derive(Debug, Serialize)]
pub(super) struct Utbetalning {
    pub(super) typ: Sifferkod,
    pub(super) foretag: Sifferkod,
    pub(super) formansfamilj: Bokstavskod,
    pub(super) datum: String,
    pub(super) period: FranTill,
    pub(super) bruttobelopp: Belopp,
    pub(super) skattebelopp: Belopp,
    pub(super) avdragsbelopp: Belopp,
    pub(super) nettobelopp: Belopp,
    pub(super) utbetalningsdetalj: Vec<Detalj>,
}

/// `LefiUtbetalningDetalj`.
#[derive(Debug, Serialize)]
pub(super) struct Detalj {
    pub(super) forman: Bokstavskod,
    pub(super) period: FranTill,
    pub(super) beloppstyp: Bokstavskod,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) dagar: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) bruttobelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) skattebelopp: Option<Belopp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) avdragsbelopp: Option<Belopp>,
}

/// `LefiPmFormanBeslut`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PmBeslut {
    pub(super) beslutsid: String,
    pub(super) beslutsdatum: String,
    pub(super) formansgrupp: Kodbeskrivning,
    pub(super) beslutsstatus: Kodbeskrivning,
    pub(super) beslutsutfall: Kodbeskrivning,
    pub(super) beslutad_ersattning: Vec<PmBeslutadErsattning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) tillagg: Option<PmTillagg>,
}

/// `LefiPmFormanBeslutadErsattning`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PmBeslutadErsattning {
    pub(super) beslutat_belopp: PmBeslutatBelopp,
    pub(super) period: Period,
    pub(super) ersattningstyp: Kodbeskrivning,
}

/// `LefiPmFormanBeslutatBelopp`: whole kronor.
#[derive(Debug, Serialize)]
pub(super) struct PmBeslutatBelopp {
    pub(super) belopp: i64,
    pub(super) beloppsfrekvens: Kodbeskrivning,
}

/// `LefiPmFormanBeslutTillagg`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PmTillagg {
    pub(super) bostads_inkomststod: PmBostadsInkomststod,
}

/// `LefiPmFormanBeslutTillaggBostadsInkomststod`.
#[derive(Debug, Serialize)]
pub(super) struct PmBostadsInkomststod {
    pub(super) berakningsunderlag: PmBerakningsunderlag,
}

/// `LefiPmFormanBeslutTillaggBostadsInkomststodBerakningsunderlag`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PmBerakningsunderlag {
    pub(super) bostadskostnad_brutto: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) medsokande: Option<String>,
}

/// `LefiPmFormanUtbetalning`: whole kronor.
#[derive(Debug, Serialize)]
pub(super) struct PmUtbetalning {
    pub(super) utbetalningsdatum: String,
    pub(super) utbetalningsperiod: Period,
    pub(super) bruttobelopp: i64,
    pub(super) nettobelopp: i64,
    pub(super) avdrag: Vec<PmAvdrag>,
    pub(super) utbetalningsrader: Vec<PmRad>,
}

/// `LefiPmFormanUtbetalningAvdrag`.
#[derive(Debug, Serialize)]
pub(super) struct PmAvdrag {
    pub(super) belopp: i64,
    pub(super) avdragstyp: Kodbeskrivning,
}

/// `LefiPmFormanUtbetalningRad`.
#[derive(Debug, Serialize)]
pub(super) struct PmRad {
    pub(super) formansgrupp: Kodbeskrivning,
    pub(super) belopp: i64,
    pub(super) utbetalningsforman: Kodbeskrivning,
    pub(super) beloppstyp: Kodbeskrivning,
}

/// `LefiExternTillgangligaInformationstyper`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TillgangligaInformationstyper {
    pub(super) utlamnare: Vec<UtlamnareTillstand>,
    pub(super) formansinformation: Vec<Kodbeskrivning>,
    pub(super) ansprak: Vec<Kodbeskrivning>,
    pub(super) beslut: Vec<Kodbeskrivning>,
    pub(super) preliminara_utbetalningar: Vec<Kodbeskrivning>,
    pub(super) utbetalningar: Vec<Kodbeskrivning>,
    pub(super) ovrig_information: Vec<Kodbeskrivning>,
}
