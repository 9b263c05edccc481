//! Building request envelopes as a case system would send them.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};

use base64::Engine as _;
use jiff::civil::Date;
use underlag_domain::SourceId;
use underlag_soap::V10_PROVIDERS;
use underlag_soap::{SOAP_ENV_NS, SSBT_NS};

/// The organisation of the tests (Exempelkommun, `16` + 2120000142).
pub(crate) const ORG: &str = "162120000142";
/// A data processor.
pub(crate) const PROCESSOR_ORG: &str = "165560360793";

/// A `hamtaBastjanstInformation` under construction.
#[derive(Debug, Clone)]
pub(crate) struct Fraga {
    pub(crate) person: String,
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) include: BTreeMap<SourceId, bool>,
    pub(crate) periods: BTreeMap<SourceId, (String, String)>,
    pub(crate) echo: bool,
    pub(crate) korrelationsid: Option<String>,
    pub(crate) frage_tidpunkt: Option<String>,
    pub(crate) processors: Vec<(Option<i16>, String, String)>,
    /// FK `fraga`: (aktorsid, lefiJsonFraga as base64).
    pub(crate) fk_fraga: Option<(String, String)>,
    /// Replaces whole elements of `generellaFrageparametrar` by name (`None` drops one).
    pub(crate) overrides: BTreeMap<&'static str, Option<String>>,
    /// The case id: unique per question, since a case's household is registered on its
    /// first query.
    pub(crate) case_id: String,
}

static CASES: AtomicU32 = AtomicU32::new(1);

impl Fraga {
    pub(crate) fn new(person: &str, (from, to): (Date, Date)) -> Self {
        Self {
            person: person.to_owned(),
            from: from.to_string(),
            to: to.to_string(),
            include: V10_PROVIDERS.into_iter().map(|id| (id, true)).collect(),
            periods: BTreeMap::new(),
            echo: false,
            korrelationsid: None,
            frage_tidpunkt: None,
            processors: Vec::new(),
            fk_fraga: None,
            overrides: BTreeMap::new(),
            case_id: format!("EB-SOAP-{}", CASES.fetch_add(1, Ordering::Relaxed)),
        }
    }

    pub(crate) fn only(mut self, sources: &[SourceId]) -> Self {
        for (id, on) in self.include.iter_mut() {
            *on = sources.contains(id);
        }
        self
    }

    pub(crate) fn with_lefi(mut self, actor: &str, json: &serde_json::Value) -> Self {
        let encoded = base64::engine::general_purpose::STANDARD.encode(json.to_string());
        self.fk_fraga = Some((actor.to_owned(), encoded));
        self
    }

    pub(crate) fn set(mut self, element: &'static str, xml: Option<&str>) -> Self {
        self.overrides.insert(element, xml.map(str::to_owned));
        self
    }

    fn general_element(&self, name: &'static str, default: String) -> String {
        match self.overrides.get(name) {
            Some(Some(replacement)) => replacement.clone(),
            Some(None) => String::new(),
            None => default,
        }
    }

    /// The `hamtaBastjanstInformation` element (prefix `ssbt`, declared by the envelope).
    pub(crate) fn body(&self) -> String {
        let mut g = String::new();
        if let Some(t) = &self.frage_tidpunkt {
            g += &format!("<ssbt:frageTidpunkt>{t}</ssbt:frageTidpunkt>");
        }
        if let Some(k) = &self.korrelationsid {
            let k = quick_xml::escape::escape(k.as_str());
            g += &format!("<ssbt:korrelationsid>{k}</ssbt:korrelationsid>");
        }
        g += &self.general_element(
            "fraganSkallInkluderasISvaret",
            format!(
                "<ssbt:fraganSkallInkluderasISvaret>{}</ssbt:fraganSkallInkluderasISvaret>",
                self.echo
            ),
        );
        g += &self.general_element(
            "ingivare",
            format!(
                "<ssbt:ingivare><ssbt:organisationsnummer>{ORG}</ssbt:organisationsnummer>\
                 <ssbt:namn>Exempelkommun</ssbt:namn><ssbt:handlaggare>hl-soap</ssbt:handlaggare></ssbt:ingivare>"
            ),
        );
        g += &self.general_element(
            "personidentitet",
            format!(
                "<ssbt:personidentitet>{}</ssbt:personidentitet>",
                self.person
            ),
        );
        g += &self.general_element(
            "arendeidentitet",
            format!(
                "<ssbt:arendeidentitet>{}</ssbt:arendeidentitet>",
                self.case_id
            ),
        );
        g += &self.general_element(
            "tidsperiod",
            format!(
                "<ssbt:tidsperiod><ssbt:fromDatum>{}</ssbt:fromDatum><ssbt:tomDatum>{}</ssbt:tomDatum></ssbt:tidsperiod>",
                self.from, self.to
            ),
        );
        for (order, org, name) in &self.processors {
            g += "<ssbt:personuppgiftsbitrade>";
            if let Some(o) = order {
                g += &format!("<ssbt:ordningsnummer>{o}</ssbt:ordningsnummer>");
            }
            g += &format!(
                "<ssbt:organisationsnummer>{org}</ssbt:organisationsnummer><ssbt:namn>{name}</ssbt:namn></ssbt:personuppgiftsbitrade>"
            );
        }
        g += &self.general_element(
            "syfte",
            "<ssbt:syfte>Utredning av rätt till ekonomiskt bistånd</ssbt:syfte>".to_owned(),
        );
        g += &self.general_element(
            "lagtext",
            "<ssbt:lagtext>12 kap. socialtjänstlagen (2025:400), förordning (2008:975)</ssbt:lagtext>".to_owned(),
        );
        let mut s = String::new();
        for id in V10_PROVIDERS {
            let on = self.include.get(&id).copied().unwrap_or(false);
            let code = id.code();
            s += &format!("<ssbt:{code} inkludera=\"{on}\">");
            if let Some((from, to)) = self.periods.get(&id) {
                s += &format!(
                    "<ssbt:tidsperiod><ssbt:fromDatum>{from}</ssbt:fromDatum><ssbt:tomDatum>{to}</ssbt:tomDatum></ssbt:tidsperiod>"
                );
            }
            if let (SourceId::Fk, Some((actor, lefi))) = (id, &self.fk_fraga) {
                s += &format!(
                    "<ssbt:fraga><ssbt:aktorsid>{actor}</ssbt:aktorsid><ssbt:lefiJsonFraga>{lefi}</ssbt:lefiJsonFraga></ssbt:fraga>"
                );
            }
            s += &format!("</ssbt:{code}>");
        }
        format!(
            "<ssbt:hamtaBastjanstInformation><ssbt:generellaFrageparametrar>{g}</ssbt:generellaFrageparametrar>\
             <ssbt:specifikaFrageparametrar>{s}</ssbt:specifikaFrageparametrar></ssbt:hamtaBastjanstInformation>"
        )
    }

    pub(crate) fn envelope(&self) -> String {
        envelope(&self.body())
    }
}

/// A SOAP 1.1 envelope around `body` (which may use the `ssbt` prefix).
pub(crate) fn envelope(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<soap:Envelope xmlns:soap=\"{SOAP_ENV_NS}\" xmlns:ssbt=\"{SSBT_NS}\"><soap:Header/><soap:Body>{body}</soap:Body></soap:Envelope>"
    )
}

/// `testaBastjanstInformation`.
pub(crate) fn testa() -> String {
    envelope("<ssbt:testaBastjanstInformation/>")
}

/// The REST query for the same person and period.
pub(crate) fn rest_query(person: &str, (from, to): (Date, Date)) -> serde_json::Value {
    serde_json::json!({
        "organisation": ORG,
        "organisation_name": "Exempelkommun",
        "case_worker": "hl-rest",
        "case_id": format!("EB-REST-{}", CASES.fetch_add(1, Ordering::Relaxed)),
        "purpose": "Utredning av rätt till ekonomiskt bistånd",
        "legal_basis": "12 kap. socialtjänstlagen (2025:400), förordning (2008:975)",
        "person": person,
        "period": { "from": from.to_string(), "to": to.to_string() }
    })
}
