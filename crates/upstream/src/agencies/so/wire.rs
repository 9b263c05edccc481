//! The a-kassor's wire format: the `GetUnemploymentBenefitPaymentRequest` and the mapping of
//! `GetUnemploymentBenefitPaymentResponse` to funds and payments.

use underlag_domain::SourceId;
use underlag_domain::model::{
    Code, Notice, Payment, PaymentState, PersonInfo, SourceData, UnemploymentFund,
};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::interpretation::{Interpreted, Verdict, interpret_root};
use crate::mapping::{At, Mapper};
use crate::xml_write::XmlWriter;

const NS: &str = "http://INT014.UBPService.Schemas";

/// Code list of the funds' status texts (StatusSvarandeOrganisation).
pub(crate) const STATUS: &str = "so-fondstatus";
/// The status of a fund that answered completely.
pub(crate) const ALL_CLEAR: &str = "all clear";
/// The status of a fund the person is not a member of.
pub(crate) const NOT_MEMBER: &str = "not member";

/// The benefit every a-kassa payment is for.
pub(crate) fn benefit() -> Code {
    Code::labelled("Arbetsloshetsersattning", "Arbetslöshetsersättning")
}

/// The `GetUnemploymentBenefitPaymentRequest` body element, every element of the XSD in order.
pub(crate) fn request(request: &SourceRequest) -> String {
    let context = &request.context;
    let mut w = XmlWriter::new();
    w.open(
        "ubp:GetUnemploymentBenefitPaymentRequest",
        &[("xmlns:ubp", NS)],
    )
    .leaf(
        "ubp:OrganisationsnummerIngivare",
        &context.organisation.sixteen_form(),
    )
    .leaf("ubp:NamnIngivare", &context.organisation_name)
    .leaf("ubp:KontonamnHandlaggare", &context.case_worker)
    .leaf("ubp:Referensnummer", &context.query_id)
    .leaf("ubp:From", &request.period.from().to_string())
    .leaf("ubp:Tom", &request.period.to().to_string())
    .leaf("ubp:Syfte", &context.purpose)
    .leaf("ubp:Paragraf", &context.legal_basis);
    for processor in &context.data_processors {
        w.leaf(
            "ubp:OrganisationsnummerPersonuppgiftsbitrade",
            &processor.organisation.sixteen_form(),
        );
    }
    for processor in &context.data_processors {
        w.leaf("ubp:NamnPersonuppgiftsbitrade", &processor.name);
    }
    w.leaf("ubp:IdentificationNumber", request.person.expose());
    w.finish()
}

pub(crate) fn interpret(spec: &Spec, root: &Node) -> Interpreted {
    interpret_root(spec, SourceId::So, root, |m, at| {
        let identity = at
            .text_of("IdentificationNumber")
            .and_then(|t| m.identity(at.join("IdentificationNumber"), t));
        let funds: Vec<At<'_>> = at
            .child("ArbetsloshetsersattningLista")
            .map(|l| l.children("Arbetsloshetsersattning"))
            .unwrap_or_default();
        if funds.is_empty() {
            return Verdict::NoMatch;
        }
        let mut data = SourceData {
            person: Some(PersonInfo {
                identity,
                ..PersonInfo::default()
            }),
            ..SourceData::default()
        };
        for fund in &funds {
            map_fund(m, fund, &mut data);
        }
        verdict(data)
    })
}

/// Data as soon as one fund answered completely or anything was paid; no match when every
/// fund says the person is not a member; otherwise (funds that could not answer, and nothing
/// else) a source error, so an unanswered fund is never read as "no benefit".
fn verdict(data: SourceData) -> Verdict {
    let statuses = || data.unemployment_funds.iter().map(|f| f.status.as_str());
    if !data.payments.is_empty() || statuses().any(|s| s == ALL_CLEAR) {
        return Verdict::data(data);
    }
    if statuses().all(|s| s == NOT_MEMBER) {
        return Verdict::NoMatch;
    }
    let failing: Vec<&Notice> = data
        .notices
        .iter()
        .filter(|n| n.code != NOT_MEMBER)
        .collect();
    Verdict::SourceError {
        code: failing.first().map(|n| n.code.clone()).unwrap_or_default(),
        message: failing
            .iter()
            .map(|n| format!("{}: {}", n.concerns.as_deref().unwrap_or_default(), n.text))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn map_fund(m: &mut Mapper<'_>, at: &At<'_>, data: &mut SourceData) {
    let name = at
        .text_of("SvarandeOrganisation")
        .unwrap_or_default()
        .to_owned();
    let status = at
        .text_of("StatusSvarandeOrganisation")
        .unwrap_or_default()
        .to_owned();
    let application = at.child("AnsoktOmErsattning");
    let entitlement_decided_on = application.as_ref().and_then(|a| {
        let decided = a.child("BeslutOmRattTillErsattning")?;
        if decided.is_nil() {
            None
        } else {
            m.date(a, "BeslutOmRattTillErsattning")
        }
    });
    let payment_applied = application
        .as_ref()
        .and_then(|a| m.boolean(a, "AnsokanOmUtbetalningInlamnad"));
    let suspensions = at
        .children("Avstangningar")
        .iter()
        .filter_map(|s| m.period(s, "AvstangdFrom", "AvstangdTom"))
        .collect();
    if status != ALL_CLEAR {
        data.notices.push(Notice {
            code: status.clone(),
            text: m.label(STATUS, &status).unwrap_or_else(|| status.clone()),
            concerns: Some(name.clone()),
        });
    }
    for payment in at.children("Utbetalningar") {
        let mut paid = Payment::new(name.clone(), benefit(), PaymentState::Effected);
        paid.payout_on = m.date(&payment, "Utbetalningsdatum");
        paid.covers = m.period(&payment, "AvserFrom", "AvserTom");
        paid.net_after_tax = m.amount(&payment, "NettoEfterSkatt");
        paid.net = m.amount(&payment, "NettoEfterAvdrag");
        paid.days = m.decimal(&payment, "Ersattningsdagar");
        data.payments.push(paid);
    }
    data.unemployment_funds.push(UnemploymentFund {
        fund: name,
        status,
        suspensions,
        entitlement_decided_on,
        payment_applied,
    });
}
