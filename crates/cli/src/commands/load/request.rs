//! What a load run asks: the synthetic population's persons in turn, the last year, one new
//! case per query (registered at query time), as a REST body or an SSBTEK v10 SOAP envelope
//! with the same content.

use underlag_domain::SourceId;

/// The organisation every load query asks for (Exempelkommun, the demo connection).
pub(super) const ORGANISATION: &str = "2120000142";
/// The purpose every load query states.
pub(super) const PURPOSE: &str = "EKB-UTREDNING: belastningsprov";
/// The legal basis every load query cites.
pub(super) const LEGAL_BASIS: &str = "11 kap. 11 § socialtjänstlagen";

/// The queries of one run.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The persons asked about, in turn (the population's test numbers).
    pub persons: Vec<String>,
    /// The period's first day (ISO).
    pub from: String,
    /// The period's last day (ISO).
    pub to: String,
    /// The sources asked; `None`: the request names none (every source the connection has).
    pub sources: Option<Vec<SourceId>>,
    /// Makes the case ids of this run its own, so every run registers the same number of
    /// new cases whatever ran before on the same database.
    pub run_id: String,
}

impl Workload {
    /// The synthetic population's persons, the year before its reference date.
    pub fn from_population(sources: Option<Vec<SourceId>>) -> Self {
        let population =
            underlag_sim::Population::generate(underlag_sim::population::DEFAULT_REFERENCE_DATE);
        let today = population.reference_date();
        Self {
            persons: population
                .persons()
                .iter()
                .map(|p| p.personnummer.expose().to_owned())
                .collect(),
            from: today.saturating_sub(jiff::Span::new().years(1)).to_string(),
            to: today.yesterday().unwrap_or(today).to_string(),
            sources,
            run_id: uuid::Uuid::new_v4().simple().to_string()[..8].to_owned(),
        }
    }

    /// The person of query `n`.
    pub fn person(&self, n: u32) -> &str {
        &self.persons[n as usize % self.persons.len()]
    }

    /// The case id of query `n` (a new case each time).
    pub fn case_id(&self, n: u32) -> String {
        format!("EB-LOAD-{}-{n}", self.run_id)
    }

    /// Query `n` as the REST API's JSON body.
    pub fn rest_body(&self, n: u32) -> serde_json::Value {
        let mut body = serde_json::json!({
            "organisation": ORGANISATION, "organisation_name": "Exempelkommun",
            "case_worker": "load", "case_id": self.case_id(n),
            "purpose": PURPOSE, "legal_basis": LEGAL_BASIS,
            "person": self.person(n), "period": { "from": self.from, "to": self.to }
        });
        if let Some(sources) = &self.sources {
            body["sources"] = sources.iter().map(|s| s.code()).collect();
        }
        body
    }

    /// Query `n` as a v10 `hamtaBastjanstInformation` envelope: the same organisation, case
    /// worker, case, person, period, purpose and legal basis; every v10 provider listed, those
    /// asked marked `inkludera="true"`, the others `"false"`.
    pub fn soap_envelope(&self, n: u32) -> String {
        let providers: String = underlag_soap::V10_PROVIDERS
            .iter()
            .map(|s| {
                let asked = self.sources.as_ref().is_none_or(|asked| asked.contains(s));
                format!("<ssbt:{0} inkludera=\"{asked}\"></ssbt:{0}>", s.code())
            })
            .collect();
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"{env}\" xmlns:ssbt=\"{ssbt}\"><soap:Body>\
             <ssbt:hamtaBastjanstInformation><ssbt:generellaFrageparametrar>\
             <ssbt:fraganSkallInkluderasISvaret>false</ssbt:fraganSkallInkluderasISvaret>\
             <ssbt:ingivare><ssbt:organisationsnummer>16{ORGANISATION}</ssbt:organisationsnummer><ssbt:namn>Exempelkommun</ssbt:namn>\
             <ssbt:handlaggare>load</ssbt:handlaggare></ssbt:ingivare>\
             <ssbt:personidentitet>{person}</ssbt:personidentitet><ssbt:arendeidentitet>{case}</ssbt:arendeidentitet>\
             <ssbt:tidsperiod><ssbt:fromDatum>{from}</ssbt:fromDatum><ssbt:tomDatum>{to}</ssbt:tomDatum></ssbt:tidsperiod>\
             <ssbt:syfte>{PURPOSE}</ssbt:syfte><ssbt:lagtext>{LEGAL_BASIS}</ssbt:lagtext>\
             </ssbt:generellaFrageparametrar><ssbt:specifikaFrageparametrar>{providers}</ssbt:specifikaFrageparametrar>\
             </ssbt:hamtaBastjanstInformation></soap:Body></soap:Envelope>",
            env = underlag_soap::SOAP_ENV_NS,
            ssbt = underlag_soap::SSBT_NS,
            person = self.person(n),
            case = self.case_id(n),
            from = self.from,
            to = self.to,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workload(sources: Option<Vec<SourceId>>) -> Workload {
        Workload {
            persons: vec!["198603052393".into(), "198805122390".into()],
            from: "2025-11-01".into(),
            to: "2026-10-31".into(),
            sources,
            run_id: "abcd1234".into(),
        }
    }

    #[test]
    fn the_rest_body_names_the_asked_sources_only_when_given() {
        let all = workload(None).rest_body(3);
        assert_eq!(all["person"], "198805122390");
        assert_eq!(all["case_id"], "EB-LOAD-abcd1234-3");
        assert!(all.get("sources").is_none());
        let one = workload(Some(vec![SourceId::Csn])).rest_body(0);
        assert_eq!(one["sources"], serde_json::json!(["CSN"]));
        assert_eq!(one["period"]["to"], "2026-10-31");
    }

    #[test]
    fn the_soap_envelope_carries_the_same_query_and_the_asked_providers() {
        let envelope = workload(Some(vec![SourceId::Fk, SourceId::Miv])).soap_envelope(2);
        assert!(envelope.contains("<ssbt:personidentitet>198603052393</ssbt:personidentitet>"));
        assert!(envelope.contains("EB-LOAD-abcd1234-2"));
        assert!(envelope.contains("<ssbt:FK inkludera=\"true\">"));
        assert!(envelope.contains("<ssbt:MIV inkludera=\"true\">"));
        assert!(envelope.contains("<ssbt:CSN inkludera=\"false\">"));
        let every = workload(None).soap_envelope(0);
        assert_eq!(every.matches("inkludera=\"true\"").count(), 7);
    }
}
