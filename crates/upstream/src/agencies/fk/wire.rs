//! LEFI v9's wire format: the `FormansinformationFraga` request (narrowed to what the actor
//! may receive) and the mapping of the answer — FK's information model under
//! `formansinformation`, Pensionsmyndigheten's at the top level — to the canonical model.

mod basis;
mod cases;
mod notices;
mod payments;
mod person;
mod pm;
mod values;

use serde_json::{Value, json};
use underlag_domain::SourceId;
use underlag_domain::model::SourceData;
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::interpretation::{Interpreted, Verdict, interpret_root};

/// FK's benefit groups (`LefiFkFormanGruppKod`).
pub(crate) const FK_GROUPS: [&str; 27] = [
    "FK:ABB", "FK:AP", "FK:AS", "FK:BOB", "FK:BST", "FK:BTI", "FK:DPE", "FK:EJO", "FK:ET", "FK:FP",
    "FK:FSJP", "FK:GP", "FK:HE", "FK:MABB", "FK:MEK", "FK:NP", "FK:OMV", "FK:PJOB", "FK:PROG",
    "FK:RBE", "FK:SA", "FK:SBP", "FK:SJP", "FK:TFP", "FK:US", "FK:VB", "FK:YL",
];

/// Pensionsmyndigheten's benefit groups (`LefiPmFormanGruppKod`).
pub(crate) const PM_GROUPS: [&str; 3] = ["PM:AP", "PM:BTI", "PM:EF"];

/// The kinds of other information asked for: only general person info is mapped.
pub(crate) const OTHER_INFORMATION: [&str; 1] = ["FK:GEPI"];

/// The information types an actor may receive (`tillgangligaInformationstyper`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Entitlements {
    formansinformation: Vec<String>,
    ansprak: Vec<String>,
    beslut: Vec<String>,
    preliminara_utbetalningar: Vec<String>,
    utbetalningar: Vec<String>,
    ovrig_information: Vec<String>,
}

impl Entitlements {
    /// Reads a `LefiExternTillgangligaInformationstyper` object; `None` if it is not one.
    pub(crate) fn parse(value: &Value) -> Option<Self> {
        let object = value.as_object()?;
        let codes = |key: &str| -> Vec<String> {
            object
                .get(key)
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| item.get("kod").and_then(Value::as_str))
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        Some(Self {
            formansinformation: codes("formansinformation"),
            ansprak: codes("ansprak"),
            beslut: codes("beslut"),
            preliminara_utbetalningar: codes("preliminaraUtbetalningar"),
            utbetalningar: codes("utbetalningar"),
            ovrig_information: codes("ovrigInformation"),
        })
    }
}

/// The LEFI request for the person and period: every group the actor may receive (all, when
/// its entitlements are unknown). `None` when the actor may receive none of them.
pub(crate) fn request_body(
    request: &SourceRequest,
    entitled: Option<&Entitlements>,
) -> Option<Value> {
    let pick = |wanted: &[&str], allowed: Option<&Vec<String>>| -> Vec<String> {
        wanted
            .iter()
            .filter(|code| allowed.is_none_or(|a| a.iter().any(|x| x == *code)))
            .map(|code| (*code).to_owned())
            .collect()
    };
    let all_groups: Vec<&str> = FK_GROUPS.iter().chain(PM_GROUPS.iter()).copied().collect();
    let formansinformation = pick(&FK_GROUPS, entitled.map(|e| &e.formansinformation));
    let ansprak = pick(&PM_GROUPS, entitled.map(|e| &e.ansprak));
    let beslut = pick(&PM_GROUPS, entitled.map(|e| &e.beslut));
    let preliminara = pick(&all_groups, entitled.map(|e| &e.preliminara_utbetalningar));
    let utbetalningar = pick(&all_groups, entitled.map(|e| &e.utbetalningar));
    let ovrig = pick(&OTHER_INFORMATION, entitled.map(|e| &e.ovrig_information));
    let nothing = [
        &formansinformation,
        &ansprak,
        &beslut,
        &preliminara,
        &utbetalningar,
        &ovrig,
    ]
    .iter()
    .all(|list| list.is_empty());
    if nothing {
        return None;
    }
    Some(json!({
        "personnummer": request.person.expose(),
        "period": { "from": request.period.from().to_string(), "tom": request.period.to().to_string() },
        "formansinformation": formansinformation,
        "ansprak": ansprak,
        "beslut": beslut,
        "preliminaraUtbetalningar": preliminara,
        "utbetalningar": utbetalningar,
        "ovrigInformation": ovrig,
    }))
}

/// The personnummer a caller-supplied LEFI request names, if any.
pub(crate) fn requested_person(request: &Value) -> Option<&str> {
    request.get("personnummer").and_then(Value::as_str)
}

pub(crate) fn interpret(spec: &Spec, root: &Node) -> Interpreted {
    interpret_root(spec, SourceId::Fk, root, |m, at| {
        let mut data = SourceData::default();
        let failed_disclosers = notices::disclosers(m, &at, &mut data.notices);
        let deviations = notices::deviations(m, &at, &mut data.notices);
        let mut unmapped = 0;
        if let Some(fi) = at.child("formansinformation") {
            data.person = person::map(m, &fi);
            cases::map(m, &fi, &mut data.decisions);
            unmapped += notices::unmapped_fk(&fi, &mut data.notices);
        }
        pm::map(m, &at, &mut data.decisions);
        data.payments = payments::map(m, &at);
        unmapped += notices::unmapped_pm(&at, &mut data.notices);
        notices::protected_relatives(&at, &mut data.notices);
        let has_data = data.person.is_some()
            || !data.decisions.is_empty()
            || !data.payments.is_empty()
            || unmapped > 0;
        let problems = failed_disclosers.iter().chain(deviations.iter());
        match (has_data, problems.clone().next()) {
            (true, _) => Verdict::data(data),
            (false, None) => Verdict::NoMatch,
            (false, Some((code, _))) => Verdict::SourceError {
                code: code.clone(),
                message: problems
                    .map(|(_, text)| text.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            },
        }
    })
}
