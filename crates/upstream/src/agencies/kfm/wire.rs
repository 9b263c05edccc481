//! Kronofogden's wire format (`docs/agency-wire.md`): the JSON request and the mapping of
//! `Galdenarsuppgifter` to debts, wage garnishments and debt relief.

use underlag_domain::model::{
    ClaimKind, DebtRelief, Employer, EnforcementDebt, SourceData, WageGarnishment,
};
use underlag_domain::{Organisationsnummer, Severity, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::interpretation::{Interpreted, Verdict, interpret_root};
use crate::mapping::{At, Mapper};

/// Code list of claim kinds.
pub(crate) const SKULDTYP: &str = "kfm-skuldtyp";
/// Code list of garnishment statuses.
pub(crate) const UTMATNINGSSTATUS: &str = "kfm-utmatningsstatus";
/// Code list of debt-relief statuses.
pub(crate) const SKULDSANERINGSSTATUS: &str = "kfm-skuldsaneringsstatus";

/// The request: the person (12 digits) and the period asked about.
pub(crate) fn request(request: &SourceRequest) -> String {
    serde_json::json!({
        "personnummer": request.person.expose(),
        "fran": request.period.from().to_string(),
        "till": request.period.to().to_string(),
    })
    .to_string()
}

pub(crate) fn interpret(spec: &Spec, root: &Node) -> Interpreted {
    interpret_root(spec, SourceId::Kfm, root, |m, at| {
        if let Some(id) = at.text_of("personnummer") {
            m.identity(at.join("personnummer"), id);
        }
        if m.boolean(&at, "kand") != Some(true) {
            return Verdict::NoMatch;
        }
        let enforcement_debts = at
            .children("skulder")
            .iter()
            .filter_map(|d| debt(m, d))
            .collect();
        let wage_garnishments = at
            .children("loneutmatningar")
            .iter()
            .filter_map(|g| garnishment(m, g))
            .collect();
        let debt_relief = at.child("skuldsanering").map(|r| relief(m, &r));
        let data = SourceData {
            enforcement_debts,
            wage_garnishments,
            debt_relief,
            ..SourceData::default()
        };
        Verdict::data(data)
    })
}

fn debt(m: &mut Mapper<'_>, d: &At<'_>) -> Option<EnforcementDebt> {
    let kind = match d.text_of("maltyp")? {
        "ALLMANT" => ClaimKind::Public,
        _ => ClaimKind::Private,
    };
    Some(EnforcementDebt {
        kind,
        claim_type: m.checked_code(
            d.join("skuldtyp"),
            SKULDTYP,
            d.text_of("skuldtyp").unwrap_or_default(),
            None,
        ),
        creditor: d.text_of("borgenar").map(str::to_owned),
        amount: m.amount(d, "belopp")?,
        registered_on: m.date(d, "registrerad"),
    })
}

fn garnishment(m: &mut Mapper<'_>, g: &At<'_>) -> Option<WageGarnishment> {
    let employer_at = g.child("arbetsgivare")?;
    let employer = employer(m, &employer_at)?;
    Some(WageGarnishment {
        status: m.code(UTMATNINGSSTATUS, g.text_of("status")?, None),
        reserved_amount: m.amount(g, "forbehallsbelopp")?,
        monthly_amount: m.amount(g, "manadsbelopp")?,
        employer,
        decided_on: m.date(g, "beslutsdatum"),
    })
}

fn employer(m: &mut Mapper<'_>, at: &At<'_>) -> Option<Employer> {
    let text = at.text_of("organisationsnummer")?;
    match Organisationsnummer::parse(text) {
        Ok(organisationsnummer) => Some(Employer {
            organisationsnummer,
            name: at.text_of("namn").map(str::to_owned),
        }),
        Err(e) => {
            m.problem(
                at.join("organisationsnummer"),
                Severity::Error,
                format!("the employer's organisationsnummer is not valid ({e})"),
            );
            None
        }
    }
}

fn relief(m: &mut Mapper<'_>, r: &At<'_>) -> DebtRelief {
    DebtRelief {
        status: m.code(
            SKULDSANERINGSSTATUS,
            r.text_of("status").unwrap_or_default(),
            None,
        ),
        monthly_amount: m.amount(r, "manadsbelopp"),
        from: m.date(r, "fran"),
        to: m.date(r, "till"),
    }
}
